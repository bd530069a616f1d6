namespace Sidecar.Hosting;

/// <summary>How a configuration reload ended.</summary>
internal enum ReloadOutcome
{
    /// <summary>The new configuration is serving.</summary>
    Applied,

    /// <summary>The file is invalid: the running configuration stays until the file changes again.</summary>
    Rejected,

    /// <summary>The HSM could not be asked: the running configuration stays, and the same file is tried again.</summary>
    Deferred,
}

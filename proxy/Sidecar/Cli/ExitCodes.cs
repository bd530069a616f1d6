namespace Sidecar.Cli;

/// <summary>Process exit codes; scripts depend on them.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Anything else: HSM failure, I/O error, unexpected exception.</summary>
    public const int Failure = 1;

    /// <summary>Wrong command line or invalid configuration.</summary>
    public const int UsageOrConfig = 2;
}

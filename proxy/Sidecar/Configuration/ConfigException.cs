namespace Sidecar.Configuration;

/// <summary>The configuration is unusable. Carries every problem found, so the user fixes them in one pass.</summary>
internal sealed class ConfigException : Exception
{
    public ConfigException(IReadOnlyList<string> errors)
        : base(errors.Count == 1 ? errors[0] : $"{errors.Count} configuration errors:{Environment.NewLine}  - " + string.Join(Environment.NewLine + "  - ", errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<string> Errors { get; }
}

namespace Sidecar.Configuration;

/// <summary>Checks the <c>Limits</c> section, adding every problem to the list the validator reports at once.</summary>
internal static class LimitsOptionsValidator
{
    private const string Section = nameof(SidecarOptions.Limits);
    private const string MaxRequestBodyBytes = $"{Section}:{nameof(LimitsOptions.MaxRequestBodyBytes)}";
    private const string UpstreamTimeoutMs = $"{Section}:{nameof(LimitsOptions.UpstreamTimeoutMs)}";
    private const string ShutdownTimeoutMs = $"{Section}:{nameof(LimitsOptions.ShutdownTimeoutMs)}";

    public static void Validate(LimitsOptions limits, List<string> errors)
    {
        Require.Between(errors, MaxRequestBodyBytes, limits.MaxRequestBodyBytes, LimitsOptionsDefaults.MinMaxRequestBodyBytes, LimitsOptionsDefaults.MaxMaxRequestBodyBytes);
        Require.Between(errors, UpstreamTimeoutMs, limits.UpstreamTimeoutMs, LimitsOptionsDefaults.MinUpstreamTimeoutMs, LimitsOptionsDefaults.MaxUpstreamTimeoutMs);
        if (limits.ShutdownTimeoutMs < limits.UpstreamTimeoutMs || limits.ShutdownTimeoutMs > LimitsOptionsDefaults.MaxShutdownTimeoutMs)
        {
            // Shorter than the upstream timeout, a shutdown could cut a signed order off before its answer.
            errors.Add($"{ShutdownTimeoutMs} must be at least {UpstreamTimeoutMs} ({limits.UpstreamTimeoutMs}) and at most {LimitsOptionsDefaults.MaxShutdownTimeoutMs} (got {limits.ShutdownTimeoutMs})");
        }
    }
}

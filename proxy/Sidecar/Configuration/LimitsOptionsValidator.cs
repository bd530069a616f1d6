namespace Sidecar.Configuration;

/// <summary>Checks the <c>Limits</c> section, adding every problem to the list the validator reports at once.</summary>
internal static class LimitsOptionsValidator
{
    private const string Section = nameof(SidecarOptions.Limits);
    private const string MaxRequestBodyBytes = $"{Section}:{nameof(LimitsOptions.MaxRequestBodyBytes)}";
    private const string UpstreamTimeoutMs = $"{Section}:{nameof(LimitsOptions.UpstreamTimeoutMs)}";
    private const string ShutdownTimeoutMs = $"{Section}:{nameof(LimitsOptions.ShutdownTimeoutMs)}";
    private const string MaxWebSocketMessageBytes = $"{Section}:{nameof(LimitsOptions.MaxWebSocketMessageBytes)}";
    private const string MaxWebSocketConnections = $"{Section}:{nameof(LimitsOptions.MaxWebSocketConnections)}";
    private const string MaxWebSocketBufferBytes = $"{Section}:{nameof(LimitsOptions.MaxWebSocketBufferBytes)}";

    public static void Validate(LimitsOptions limits, List<string> errors)
    {
        Require.Between(errors, MaxRequestBodyBytes, limits.MaxRequestBodyBytes, LimitsOptionsDefaults.MinMaxRequestBodyBytes, LimitsOptionsDefaults.MaxMaxRequestBodyBytes);
        Require.Between(errors, UpstreamTimeoutMs, limits.UpstreamTimeoutMs, LimitsOptionsDefaults.MinUpstreamTimeoutMs, LimitsOptionsDefaults.MaxUpstreamTimeoutMs);
        if (limits.ShutdownTimeoutMs < limits.UpstreamTimeoutMs || limits.ShutdownTimeoutMs > LimitsOptionsDefaults.MaxShutdownTimeoutMs)
        {
            // Shorter than the upstream timeout, a shutdown could cut a signed order off before its answer.
            errors.Add($"{ShutdownTimeoutMs} must be at least {UpstreamTimeoutMs} ({limits.UpstreamTimeoutMs}) and at most {LimitsOptionsDefaults.MaxShutdownTimeoutMs} (got {limits.ShutdownTimeoutMs})");
        }

        Require.Between(errors, MaxWebSocketMessageBytes, limits.MaxWebSocketMessageBytes, LimitsOptionsDefaults.MinMaxWebSocketMessageBytes, LimitsOptionsDefaults.MaxMaxWebSocketMessageBytes);
        Require.Between(errors, MaxWebSocketConnections, limits.MaxWebSocketConnections, LimitsOptionsDefaults.MinMaxWebSocketConnections, LimitsOptionsDefaults.MaxMaxWebSocketConnections);
        if (limits.MaxWebSocketBufferBytes < limits.MaxWebSocketMessageBytes || limits.MaxWebSocketBufferBytes > LimitsOptionsDefaults.MaxMaxWebSocketBufferBytes)
        {
            errors.Add($"{MaxWebSocketBufferBytes} must be at least {MaxWebSocketMessageBytes} ({limits.MaxWebSocketMessageBytes}) and at most {LimitsOptionsDefaults.MaxMaxWebSocketBufferBytes} (got {limits.MaxWebSocketBufferBytes})");
        }
    }
}

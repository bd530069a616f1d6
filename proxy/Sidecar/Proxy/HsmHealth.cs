namespace Sidecar.Proxy;

/// <summary>The last thing the HSM did: readiness reports a failing HSM until a sign succeeds again.</summary>
internal sealed class HsmHealth
{
    private volatile string? _lastFailure;

    public string? LastFailure => _lastFailure;

    public void ReportFailure(string reason) => _lastFailure = reason;

    public void ReportSuccess()
    {
        if (_lastFailure is not null)
        {
            _lastFailure = null;
        }
    }
}

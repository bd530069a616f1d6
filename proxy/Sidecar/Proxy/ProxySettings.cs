namespace Sidecar.Proxy;

internal sealed record ProxySettings(int MaxRequestBodyBytes, TimeSpan UpstreamTimeout);

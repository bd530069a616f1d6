namespace Sidecar.Proxy;

/// <param name="AcceptAnyHost">The operator opted in to a non-loopback listener, so Host headers other than loopback are expected.</param>
internal sealed record ProxySettings(int MaxRequestBodyBytes, TimeSpan UpstreamTimeout, bool AcceptAnyHost);

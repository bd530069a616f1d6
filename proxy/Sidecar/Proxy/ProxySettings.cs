namespace Sidecar.Proxy;

/// <param name="AcceptAnyHost">The operator opted in to a non-loopback listener, so Host headers other than loopback are expected.</param>
/// <param name="AllowedUids">Peer UIDs allowed on the Unix-socket listener; empty: no check.</param>
internal sealed record ProxySettings(int MaxRequestBodyBytes, TimeSpan UpstreamTimeout, bool AcceptAnyHost, IReadOnlyList<uint> AllowedUids);

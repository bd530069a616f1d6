namespace Sidecar.Configuration;

/// <summary>The listeners as validated by <see cref="ListenerValidator"/>.</summary>
/// <param name="Listen">The TCP proxy listener; null with a Unix socket, or when invalid.</param>
/// <param name="UnixSocket">The Unix-domain socket path of the proxy listener, when <c>Listen</c> is <c>unix:</c>.</param>
/// <param name="Admin">The admin listener; null when invalid.</param>
internal readonly record struct Listeners(Uri? Listen, string? UnixSocket, Uri? Admin);

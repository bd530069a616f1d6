using System.Net;

namespace Sidecar.Configuration;

internal static class HostNames
{
    /// <summary><c>localhost</c>, or an IPv4 or IPv6 (bracketed or not) loopback address.</summary>
    public static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
}

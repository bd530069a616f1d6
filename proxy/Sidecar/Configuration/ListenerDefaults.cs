namespace Sidecar.Configuration;

/// <summary>
/// Defaults of the listener settings, which sit at the top level of the file: <c>Listen</c>, <c>Admin</c>,
/// <c>AllowedUids</c> and <c>AllowNonLoopbackListen</c>.
/// </summary>
internal static class ListenerDefaults
{
    /// <summary>The address bots are told to use (README, k8s manifests): loopback only.</summary>
    public const string Listen = "http://127.0.0.1:8080";

    /// <summary>Envoy's admin port convention; loopback unless a pod's probes need it on the pod IP.</summary>
    public const string Admin = "http://127.0.0.1:9901";

    /// <summary>Off: anyone who reaches the proxy listener can use the keys, so another host reaching it is opted into.</summary>
    public const bool AllowNonLoopbackListen = false;

    /// <summary><c>Listen</c> with this prefix and an absolute path listens on a Unix-domain socket.</summary>
    public const string UnixSocketPrefix = "unix:";
}

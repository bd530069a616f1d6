namespace Sidecar.Doctor.Checks;

/// <summary>The proxy listener on loopback (or a Unix socket): whoever can connect can use the keys.</summary>
internal sealed class ListenersCheck : IPostureCheck
{
    public IEnumerable<CheckResult> Run(DoctorContext context)
    {
        var config = context.Config;
        if (config.ListenUnixSocket is { } socket)
        {
            yield return CheckResult.Pass("config.listeners", null,
                $"the proxy listens on Unix socket {socket}{(config.AllowedUids.Count > 0 ? $", open to UIDs {string.Join(",", config.AllowedUids)}" : ", owner-only")}");
        }
        else if (config.Listen is { } listen && !Configuration.HostNames.IsLoopback(listen.Host))
        {
            yield return CheckResult.Weak("config.listeners", null, context.Strict, $"the proxy listens on {listen}, reachable from other hosts (AllowNonLoopbackListen)",
                "listen on 127.0.0.1 (or a Unix socket with AllowedUids) and set AllowNonLoopbackListen to false");
        }
        else
        {
            yield return CheckResult.Pass("config.listeners", null, $"the proxy listens on loopback ({config.Listen})");
        }

        if (!Configuration.HostNames.IsLoopback(config.Admin.Host))
        {
            yield return new CheckResult("config.admin-listener", null, CheckStatus.Warn,
                $"the admin listener (health, readiness, metrics; never proxies) listens on {config.Admin}",
                "keep Admin on loopback unless kubelet probes need the pod IP");
        }
    }
}

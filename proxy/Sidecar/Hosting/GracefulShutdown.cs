using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sidecar.Logging;

namespace Sidecar.Hosting;

/// <summary>
/// SIGTERM (kubelet, systemd, Ctrl-C): the proxy listener closes at once, so no new connection is accepted;
/// requests in flight finish, each with the exchange's answer or its 504, for up to Limits:ShutdownTimeoutMs;
/// only then is the audit log flushed and the HSM closed, and the process exits with 0. The timeout is set
/// explicitly rather than left at the host's default so that it can be checked against Kubernetes'
/// terminationGracePeriodSeconds.
/// </summary>
internal static partial class GracefulShutdown
{
    public static void Configure(WebApplicationBuilder builder, TimeSpan timeout) =>
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = timeout);

    public static void LogDraining(WebApplication proxy, ILogger logger, TimeSpan timeout) =>
        proxy.Lifetime.ApplicationStopping.Register(() => Log.Draining(logger, timeout.TotalSeconds));

    public static void LogFinished(ILogger logger) => Log.Finished(logger);

    private static partial class Log
    {
        [LoggerMessage(EventIds.ShutdownDraining, LogLevel.Information, "Stopping: no new connections; requests in flight get up to {Seconds} s to finish")]
        public static partial void Draining(ILogger logger, double seconds);

        [LoggerMessage(EventIds.ShutdownFinished, LogLevel.Information, "Stopped: requests finished, audit log flushed, HSM sessions closed")]
        public static partial void Finished(ILogger logger);
    }
}

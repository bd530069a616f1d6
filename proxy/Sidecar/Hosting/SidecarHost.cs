using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sidecar.Admin;
using Sidecar.Alerts;
using Sidecar.Telemetry;
using Sidecar.Audit;
using Sidecar.Clock;
using Sidecar.Configuration;
using Sidecar.Logging;
using Sidecar.Pkcs11;
using Sidecar.Proxy;

namespace Sidecar.Hosting;

/// <summary>
/// A running Sidecar: the HSM connection, the proxy listener and the admin listener. Two separate servers, so
/// nothing routed on the admin side can ever reach the proxy pipeline.
/// </summary>
internal sealed partial class SidecarHost : IAsyncDisposable
{
    private readonly HsmSet _hsm;
    private readonly WebApplication _proxy;
    private readonly WebApplication _admin;
    private readonly HttpMessageInvoker _client;

    private readonly AuditLog? _audit;

    private SidecarHost(HsmSet hsm, WebApplication proxy, WebApplication admin, HttpMessageInvoker client, AuditLog? audit)
    {
        _audit = audit;
        _hsm = hsm;
        _proxy = proxy;
        _admin = admin;
        _client = client;
    }

    public Uri ProxyAddress { get; private set; } = null!;

    private ILoggerFactory RuntimeLoggers { get; init; } = null!;

    private AlertSink Alerts { get; init; } = null!;

    private ClockSynchronizer? Clocks { get; set; }

    private VenueDirectory Venues { get; init; } = null!;

    private Governor.PublishedLimits Published { get; init; } = null!;

    private Reconcile.Reconciler Reconciler { get; init; } = null!;

    private ConfigReloader Reloader { get; init; } = null!;

    /// <summary>The host's clock: every timer, delay, rate limit and timestamp of its parts runs on it.</summary>
    private TimeProvider Clock { get; init; } = null!;

    private ConfigWatcher? _configWatcher;

    /// <summary>The config file watcher, once <see cref="WatchConfig"/> started it.</summary>
    internal ConfigWatcher? ConfigWatcher => _configWatcher;

    /// <summary>The audit log, when configured.</summary>
    internal AuditLog? Audit => _audit;

    /// <summary>Signatures made, per venue.</summary>
    internal SigningStatistics Statistics { get; private init; } = null!;

    public Uri AdminAddress { get; private set; } = null!;

    /// <summary>Connects to the HSM, resolves every venue's key, and starts both listeners.</summary>
    /// <param name="clock">
    /// The clock of the HSM watchdog and failover, the audit writer, the config watcher, the clock synchroniser,
    /// the rate limits and the timestamps Sidecar signs; the system's when null. Tests pass a fake one to move time
    /// on instead of waiting for it.
    /// </param>
    /// <exception cref="ConfigException">Keys are missing or ambiguous on the token (all of them listed).</exception>
    /// <exception cref="HsmException">The module, token or login failed.</exception>
    public static async Task<SidecarHost> StartAsync(ValidatedConfig config, Action<ILoggingBuilder>? configureLogging = null, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        clock ??= TimeProvider.System;
        // Lives as long as the host: the audit writer and HSM recovery log after start-up.
        var loggerFactory = LoggerFactory.Create(builder => ConfigureLogging(builder, configureLogging));
        var startupLog = loggerFactory.CreateLogger<SidecarHost>();
        foreach (var warning in config.Warnings)
        {
            Log.ConfigWarning(startupLog, warning);
        }

        var hsms = HsmSet.Open(config, clock);
        var hsm = hsms.Default;
        try
        {
            Log.HsmConnected(startupLog, config.Hsm.TokenLabel, config.Hsm.SessionCount);
            var hsmLog = loggerFactory.CreateLogger<HsmConnection>();
            var alerts = new AlertSink(config.Alerts, clock);
            hsms.Watch(alerts, hsmLog);
            var resolver = new VenueResolver(hsms, config.StateDirectory, clock, alerts);
            var venues = new VenueDirectory(resolver.Resolve(config.Venues, startupLog));
            var keyAges = new KeyAgeCheck(KeyAges.Watch(hsms, venues.Current, config.Keys, alerts, startupLog), config.Keys);
            var reloadStatus = new ReloadStatus(clock);
            var reloader = new ConfigReloader(config, resolver, venues, hsms, keyAges, alerts, reloadStatus, loggerFactory.CreateLogger<ConfigReloader>());
            var client = UpstreamClient.Create(config.Telemetry.PropagateTraceContext);
            var statistics = new SigningStatistics();
            var checkpoints = config.Audit is { Path: not null, CheckpointKey: { } auditKey } ? CheckpointSigner.Resolve(hsm, auditKey, clock) : null;
            var audit = config.Audit.Path is null ? null : AuditLog.Open(config.Audit, loggerFactory.CreateLogger<AuditLog>(), clock, checkpoints, config.Telemetry.Otlp);
            var proxy = BuildProxy(config, venues, statistics, new AuditSink(audit), alerts, client, clock, configureLogging);
            List<IReadinessCheck> readiness = [new HsmReadiness(hsms), reloadStatus, keyAges];
            var clocks = new ClockSynchronizer(config.Clock, venues, client, config.UpstreamTimeout, alerts, loggerFactory.CreateLogger<ClockSynchronizer>(), clock);
            readiness.Add(new ClockReadiness(clocks));
            var published = new Governor.PublishedLimits(venues, client, config.UpstreamTimeout, loggerFactory.CreateLogger<Governor.PublishedLimits>(), clock);
            readiness.Add(new Governor.GovernorReadiness(venues, published));
            Governor.GovernorMetrics.Watch(venues);
            var reconciler = new Reconcile.Reconciler(venues, client, config.UpstreamTimeout, alerts, audit, loggerFactory.CreateLogger<Reconcile.Reconciler>(), clock);
            readiness.Add(new Reconcile.ReconcileReadiness(reconciler, venues));
            var posture = Doctor.PostureMonitor.Start(config, hsms.PrimaryConnections(), venues.Current, client, loggerFactory.CreateLogger<Doctor.PostureMonitor>());
            reloader.Applied += posture.Recheck;
            readiness.Add(posture);
            readiness.Add(new ShutdownReadiness(proxy.Lifetime.ApplicationStopping));
            readiness.Add(new WebSocketReadiness(proxy.Services.GetRequiredService<WebSockets.WebSocketRelay>()));
            var admin = BuildAdmin(config, hsm, venues, audit, readiness, configureLogging);
            var host = new SidecarHost(hsms, proxy, admin, client, audit)
            {
                Statistics = statistics, RuntimeLoggers = loggerFactory, Alerts = alerts, Reloader = reloader, Clock = clock, Venues = venues, Published = published,
                Reconciler = reconciler,
            };
            GracefulShutdown.LogDraining(proxy, startupLog, config.ShutdownTimeout);
            host.Clocks = clocks;
            await clocks.StartAsync(cancellationToken);
            await published.StartAsync(cancellationToken);
            reconciler.Start();
            await proxy.StartAsync(cancellationToken);
            if (config.ListenUnixSocket is { } socketPath && !OperatingSystem.IsWindows())
            {
                // Owner-only unless a UID list is the access control (then every local user may connect and be judged).
                File.SetUnixFileMode(socketPath, config.AllowedUids.Count > 0
                    ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite
                    : UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            await admin.StartAsync(cancellationToken);
            host.ProxyAddress = AddressOf(proxy);
            host.AdminAddress = AddressOf(admin);
            Log.Listening(startupLog, host.ProxyAddress, host.AdminAddress);
            return host;
        }
        catch
        {
            hsms.Dispose();
            loggerFactory.Dispose();
            throw;
        }
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _proxy.WaitForShutdownAsync(cancellationToken);

    /// <summary>
    /// Applies changes of the configuration file <paramref name="path"/> (the one the host was started from) while
    /// running; see <see cref="ConfigWatcher"/> and <see cref="ConfigReloader"/>. Call once.
    /// </summary>
    public void WatchConfig(string path)
    {
        _configWatcher = new ConfigWatcher(path, Reloader, RuntimeLoggers.CreateLogger<ConfigWatcher>(), Clock);
        _configWatcher.Start();
    }

    /// <summary>Reloads the watched configuration file now, changed or not (SIGHUP).</summary>
    public void RequestReload() => _configWatcher?.RequestReload();

    public async ValueTask DisposeAsync()
    {
        if (_configWatcher is not null)
        {
            await _configWatcher.DisposeAsync();
        }

        await _proxy.StopAsync();
        await _admin.StopAsync();
        if (Clocks is not null)
        {
            await Clocks.DisposeAsync();
        }

        await Reconciler.DisposeAsync();
        await Published.DisposeAsync();
        Governor.GovernorMetrics.Forget(Venues);

        await Alerts.DisposeAsync();
        if (_audit is not null)
        {
            await _audit.DisposeAsync();
        }

        await _proxy.DisposeAsync();
        await _admin.DisposeAsync();
        _client.Dispose();
        _hsm.Dispose();
        GracefulShutdown.LogFinished(RuntimeLoggers.CreateLogger<SidecarHost>());
        RuntimeLoggers.Dispose();
    }

    private static WebApplication BuildProxy(ValidatedConfig config, VenueDirectory venues, SigningStatistics statistics, AuditSink audit, AlertSink alerts, HttpMessageInvoker client, TimeProvider clock, Action<ILoggingBuilder>? configureLogging)
    {
        var builder = CreateBuilder(configureLogging);
        if (config.Telemetry.Otlp is not { Length: > 0 })
        {
            // ASP.NET Core starts an Activity and a logging scope for every request while its hosting logger is
            // enabled at any level. Without OTLP tracing nothing reads them (~450 B and a few µs per request, see
            // bench/RESULTS.md); with tracing on they carry the bot's traceparent to Sidecar's spans, so they stay.
            builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (config.ListenUnixSocket is { } socketPath)
            {
                kestrel.ListenUnixSocket(socketPath);
            }
            else
            {
                Listen(kestrel, config.Listen!);
            }

            kestrel.Limits.MaxRequestBodySize = config.MaxRequestBodyBytes;
            KestrelLimits.Apply(kestrel.Limits);
            kestrel.Limits.MaxConcurrentUpgradedConnections = config.MaxWebSocketConnections;
        });
        GracefulShutdown.Configure(builder, config.ShutdownTimeout);
        builder.Services.AddHttpForwarder();
        builder.Services.AddSingleton(venues);
        builder.Services.AddSingleton(client);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(new ProxySettings(config.MaxRequestBodyBytes, config.UpstreamTimeout, config.AllowNonLoopbackListen, config.AllowedUids));
        builder.Services.AddSingleton(statistics);
        builder.Services.AddSingleton(audit);
        builder.Services.AddSingleton(alerts);
        builder.Services.AddSingleton(new WebSockets.WebSocketSettings(config.MaxWebSocketMessageBytes, config.MaxWebSocketConnections,
            config.MaxWebSocketBufferBytes, config.UpstreamTimeout));
        builder.Services.AddSingleton<WebSockets.WebSocketRelay>();
        builder.Services.AddSingleton<OutcomeRecorder>();
        builder.Services.AddSingleton<SigningProxy>();
        builder.Services.AddHostedService<NativeHeapTrimmer>();
        var app = builder.Build();
        var proxy = app.Services.GetRequiredService<SigningProxy>();

        // Gives upgrade requests their WebSocket feature; SigningProxy admits them and the relay serves them. Its
        // own keep-alive is the relay's (per connection), and Origin is judged by SigningProxy with the rest.
        app.UseWebSockets();
        app.Run(proxy.InvokeAsync);
        return app;
    }

    private static WebApplication BuildAdmin(ValidatedConfig config, HsmConnection hsm, VenueDirectory venues, AuditLog? audit, IReadOnlyList<IReadinessCheck> readiness, Action<ILoggingBuilder>? configureLogging)
    {
        var builder = CreateBuilder(configureLogging);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            Listen(kestrel, config.Admin);
            KestrelLimits.Apply(kestrel.Limits);
        });
        GracefulShutdown.Configure(builder, config.ShutdownTimeout);
        TelemetrySetup.Add(builder.Services, config.Telemetry);
        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint("/metrics");
        AdminEndpoints.Map(app, hsm, venues, audit, readiness);
        return app;
    }

    private static WebApplicationBuilder CreateBuilder(Action<ILoggingBuilder>? configureLogging)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        ConfigureLogging(builder.Logging, configureLogging);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        return builder;
    }

    private static void ConfigureLogging(ILoggingBuilder builder, Action<ILoggingBuilder>? configure)
    {
        if (configure is not null)
        {
            configure(builder);
        }
        else
        {
            builder.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
            builder.SetMinimumLevel(LogLevel.Information);
            builder.AddFilter("Microsoft", LogLevel.Warning);
        }

        // YARP logs the full destination URL ("Proxying to …?…&signature=…") at Information and below. Signatures
        // and signed query strings never go to logs, whatever level the user asks for.
        builder.AddFilter("Yarp", LogLevel.Warning);
    }

    private static void Listen(KestrelServerOptions kestrel, Uri address)
    {
        if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.Listen(IPAddress.Loopback, address.Port);
            return;
        }

        kestrel.Listen(IPAddress.Parse(address.Host.Trim('[', ']')), address.Port);
    }

    private static Uri AddressOf(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

        // Kestrel reports a Unix socket as "http://unix:/path".
        return address.StartsWith("http://unix:", StringComparison.Ordinal) ? new Uri("unix:" + address["http://unix:".Length..]) : new Uri(address);
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.ConfigWarning, LogLevel.Warning, "Configuration: {Warning}")]
        public static partial void ConfigWarning(ILogger logger, string warning);

        [LoggerMessage(EventIds.HsmConnected, LogLevel.Information, "Logged in to HSM token {Token} with {Sessions} signing sessions")]
        public static partial void HsmConnected(ILogger logger, string token, int sessions);


        [LoggerMessage(EventIds.Listening, LogLevel.Information, "Proxy listening on {Proxy}, admin on {Admin}")]
        public static partial void Listening(ILogger logger, Uri proxy, Uri admin);
    }
}

using Microsoft.Extensions.Logging;
using Sidecar.Alerts;
using Sidecar.Configuration;
using Sidecar.Logging;
using Sidecar.Pkcs11;

namespace Sidecar.Hosting;

/// <summary>
/// Every HSM the configuration names (<c>Hsm</c>, each <c>Hsms</c> entry, their standbys), opened at start-up.
/// A refused PIN does not stop start-up (see <see cref="HsmConnection.PinRejected"/>); any other failure does,
/// with every HSM's error listed.
/// </summary>
internal sealed partial class HsmSet : IDisposable
{
    private readonly Dictionary<string, HsmGroup> _groups;

    private HsmSet(Dictionary<string, HsmGroup> groups)
    {
        _groups = groups;
    }

    /// <summary>
    /// Already open connections by HSM name, without standbys (<c>sidecar doctor</c>). Disposing the set disposes
    /// the connections.
    /// </summary>
    public static HsmSet Primaries(IReadOnlyDictionary<string, HsmConnection> connections)
    {
        var groups = new Dictionary<string, HsmGroup>(StringComparer.Ordinal);
        foreach (var (name, connection) in connections)
        {
            groups.Add(name, new HsmGroup(name, connection, null, TimeProvider.System));
        }

        return new HsmSet(groups);
    }

    /// <summary>The <c>Hsm</c> section's primary connection.</summary>
    public HsmConnection Default => _groups[HsmOptionsDefaults.DefaultHsmName].Primary;

    public IEnumerable<HsmGroup> Groups => _groups.Values;

    /// <summary>Each HSM's primary connection, by name.</summary>
    public IReadOnlyDictionary<string, HsmConnection> PrimaryConnections()
    {
        var primaries = new Dictionary<string, HsmConnection>(StringComparer.Ordinal);
        foreach (var (name, group) in _groups)
        {
            primaries.Add(name, group.Primary);
        }

        return primaries;
    }

    public HsmGroup For(string name) => _groups[name];

    /// <summary>The HSM named <paramref name="name"/> if it was opened at start-up (a reload cannot add one).</summary>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HsmGroup? group) => _groups.TryGetValue(name, out group);

    /// <exception cref="HsmException">The only HSM failed to open (module, token, a non-PIN login error).</exception>
    /// <exception cref="ConfigException">Several HSMs are configured and some failed to open (all listed).</exception>
    /// <param name="clock">Every connection's clock and the failovers' (see <see cref="HsmConnection.Open(HsmSettings, Func{byte[]}, TimeProvider?)"/>).</param>
    public static HsmSet Open(ValidatedConfig config, TimeProvider clock)
    {
        IReadOnlyDictionary<string, HsmDefinition> definitions = config.Hsms.Count > 0
            ? config.Hsms
            : new Dictionary<string, HsmDefinition> { [HsmOptionsDefaults.DefaultHsmName] = new(HsmOptionsDefaults.DefaultHsmName, config.Hsm, config.Pin, null, null) };
        var groups = new Dictionary<string, HsmGroup>(StringComparer.Ordinal);
        var opened = new List<HsmConnection>();
        var failures = new List<(string Path, Exception Error)>();
        foreach (var (name, definition) in definitions)
        {
            var path = HsmOptions.SectionPath(name);

            // The PIN source is kept (not the PIN) so a reconnect can log in again with the PIN as it is then.
            var primary = TryOpen(definition.Settings, definition.Pin, path, clock, opened, failures);
            var standby = definition.Standby is { } standbySettings ? TryOpen(standbySettings, definition.StandbyPin!, HsmOptions.StandbyPath(path), clock, opened, failures) : null;
            if (primary is not null && (definition.Standby is null || standby is not null))
            {
                groups.Add(name, new HsmGroup(name, primary, standby, clock));
            }
        }

        if (failures.Count == 0)
        {
            return new HsmSet(groups);
        }

        foreach (var connection in opened)
        {
            connection.Dispose();
        }

        if (failures.Count == 1 && definitions.Count == 1 && definitions.Values.First().Standby is null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failures[0].Error);
        }

        throw new ConfigException([.. failures.Select(f => $"{f.Path}: {f.Error.Message}")]);
    }

    private static HsmConnection? TryOpen(HsmSettings settings, PinSource pin, string path, TimeProvider clock, List<HsmConnection> opened, List<(string, Exception)> failures)
    {
        try
        {
            var connection = HsmConnection.Open(settings, pin.Read, clock);
            opened.Add(connection);
            return connection;
        }
        catch (Exception ex) when (ex is HsmException or ConfigException or IOException or UnauthorizedAccessException)
        {
            failures.Add((path, ex));
            return null;
        }
    }

    /// <summary>Logs and alerts on every connection's state changes and every failover switch, and on PINs refused at start-up.</summary>
    public void Watch(AlertSink alerts, ILogger log)
    {
        foreach (var group in _groups.Values)
        {
            foreach (var connection in group.Connections)
            {
                Log.Opened(log, connection.Name, connection.TokenLabel, connection.PinRejected ? "PIN refused" : "logged in");
                if (connection.PinRejected)
                {
                    Log.PinRejectedAtStart(log, connection.Name, connection.Unavailable ?? "");
                    alerts.Raise(AlertEvents.HsmLoginFailure, "critical", null, connection.Unavailable ?? $"the HSM '{connection.Name}' refused the PIN");
                }

                var watched = connection;
                watched.StateChanged += state =>
                {
                    Log.StateChanged(log, watched.Name, state);
                    if (watched.PinRejected)
                    {
                        alerts.Raise(AlertEvents.HsmLoginFailure, "critical", null, state);
                    }
                };
            }

            if (group.Failover is { } failover)
            {
                var name = group.Name;
                failover.Switched += (role, reason) =>
                {
                    Log.Switched(log, name, role, reason);
                    Telemetry.HsmMetrics.CountSwitch(name, role);
                    alerts.Raise(AlertEvents.HsmFailover, role == HsmRole.Standby ? "critical" : "warning", null, reason);
                };
            }
        }

        Telemetry.HsmMetrics.Track(this);
    }

    public void Dispose()
    {
        Telemetry.HsmMetrics.Untrack(this);
        foreach (var group in _groups.Values)
        {
            group.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.HsmOpened, LogLevel.Information, "HSM {Hsm} (token {Token}): {State}")]
        public static partial void Opened(ILogger logger, string hsm, string token, string state);

        [LoggerMessage(EventIds.HsmPinRejectedAtStart, LogLevel.Critical, "HSM {Hsm}: {Reason}. Sidecar stays up and unready; the login is not retried")]
        public static partial void PinRejectedAtStart(ILogger logger, string hsm, string reason);

        [LoggerMessage(EventIds.HsmFailoverSwitched, LogLevel.Warning, "HSM {Hsm}: signing moved to the {Role}: {Reason}")]
        public static partial void Switched(ILogger logger, string hsm, HsmRole role, string reason);

        [LoggerMessage(EventIds.HsmStateChanged, LogLevel.Warning, "HSM {Hsm}: {State}")]
        public static partial void StateChanged(ILogger logger, string hsm, string state);
    }
}

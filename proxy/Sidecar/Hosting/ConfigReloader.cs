using Microsoft.Extensions.Logging;
using Sidecar.Alerts;
using Sidecar.Configuration;
using Sidecar.Logging;
using Sidecar.Pkcs11;
using Sidecar.Proxy;
using Sidecar.Telemetry;

namespace Sidecar.Hosting;

/// <summary>
/// Applies a changed configuration file to the running sidecar, all or nothing. The new file is loaded and
/// validated exactly as at start-up (every error reported), every venue's key and passphrase is resolved on the
/// token, and only then is the venue table swapped, in one write. Anything wrong: one log line with all the
/// errors, and the configuration in force keeps serving.
/// <para>
/// Reloadable: <c>Venues</c> (keys, API keys, passphrases, policies, upstreams, hosts, per-venue UIDs) and
/// <c>Keys</c>. Everything else (listeners, HSM, audit, alerts, telemetry, state directory, limits, top-level
/// AllowedUids) is bound into listeners and services at start-up: a change is named in a warning and waits for a
/// restart.
/// </para>
/// </summary>
internal sealed partial class ConfigReloader
{
    private static readonly string[] ReloadableSections = [nameof(SidecarOptions.Venues), nameof(SidecarOptions.Keys)];

    private readonly Lock _lock = new();
    private readonly ValidatedConfig _startup;
    private readonly VenueResolver _resolver;
    private readonly VenueDirectory _venues;
    private readonly HsmSet _hsm;
    private readonly KeyAgeCheck _keyAges;
    private readonly AlertSink _alerts;
    private readonly ReloadStatus _status;
    private readonly ILogger _logger;

    public ConfigReloader(ValidatedConfig startup, VenueResolver resolver, VenueDirectory venues, HsmSet hsm, KeyAgeCheck keyAges,
        AlertSink alerts, ReloadStatus status, ILogger<ConfigReloader> logger)
    {
        _startup = startup;
        _resolver = resolver;
        _venues = venues;
        _hsm = hsm;
        _keyAges = keyAges;
        _alerts = alerts;
        _status = status;
        _logger = logger;
    }

    /// <summary>Raised after a reload is applied, on the reloading thread: handlers must not block (the posture re-check).</summary>
    public event Action<ValidatedConfig, VenueTable>? Applied;

    /// <summary>Loads <paramref name="path"/> and applies it if it is valid. One reload at a time.</summary>
    public ReloadOutcome Reload(string path, string trigger)
    {
        lock (_lock)
        {
            ValidatedConfig next;
            VenueTable table;
            IReadOnlyList<VenueKeyAge> keyAges;
            try
            {
                var options = ConfigLoader.Load(path, out var file);
                next = ConfigValidator.Validate(options, file);
                table = _resolver.Resolve(next.Venues, _logger, _venues.Current);
                keyAges = KeyAges.Watch(_hsm, table, next.Keys, _alerts, _logger);
            }
            catch (ConfigException ex)
            {
                return Reject(path, trigger, ex.Errors, ReloadOutcome.Rejected);
            }
            catch (HsmException ex)
            {
                // The HSM could not be asked (it is reconnecting, say): the file may be fine, so try it again later.
                return Reject(path, trigger, ["hsm: " + ex.Message], ReloadOutcome.Deferred);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Reject(path, trigger, [ex.Message], ReloadOutcome.Rejected);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A defect, not the file: it is reported like a rejection, because an exception escaping here would
                // end the watcher's loop and leave every later change silently unapplied.
                return Reject(path, trigger, [$"unexpected {ex.GetType().Name}: {ex.Message}"], ReloadOutcome.Rejected);
            }

            var restartRequired = RestartOnlyChanges(_startup.FileSettings, next.FileSettings);
            foreach (var setting in restartRequired)
            {
                Log.RestartRequired(_logger, setting, path);
            }

            foreach (var warning in next.Warnings)
            {
                Log.ReloadWarning(_logger, warning);
            }

            _venues.Replace(table);
            _resolver.ReleaseUnused(table);
            _keyAges.Update(keyAges, next.Keys);
            _status.Applied(trigger, restartRequired);
            Log.Reloaded(_logger, path, _status.Generation, trigger, next.Venues.Count);
            Applied?.Invoke(next, table);
            return ReloadOutcome.Applied;
        }
    }

    private ReloadOutcome Reject(string path, string trigger, IReadOnlyList<string> errors, ReloadOutcome outcome)
    {
        // Logged before readiness shows it: whoever sees the rejection at /readyz can already find its log line.
        Log.Rejected(_logger, path, trigger, errors.Count, string.Join("; ", errors));
        _status.Rejected(trigger, errors);
        return outcome;
    }

    /// <summary>
    /// The settings outside the reloadable sections that differ between the file the sidecar started with and
    /// <paramref name="next"/>: added, removed or changed, arrays named once (AllowedUids, not AllowedUids:0).
    /// </summary>
    internal static IReadOnlyList<string> RestartOnlyChanges(IReadOnlyDictionary<string, string> running, IReadOnlyDictionary<string, string> next)
    {
        var changed = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in running)
        {
            if (!IsReloadable(key) && (!next.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal)))
            {
                changed.Add(SettingName(key));
            }
        }

        foreach (var key in next.Keys)
        {
            if (!IsReloadable(key) && !running.ContainsKey(key))
            {
                changed.Add(SettingName(key));
            }
        }

        return [.. changed];
    }

    private static bool IsReloadable(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        var section = colon < 0 ? key : key[..colon];
        foreach (var reloadable in ReloadableSections)
        {
            if (string.Equals(section, reloadable, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // "AllowedUids:1" → "AllowedUids": an array is one setting to the user.
    private static string SettingName(string key)
    {
        var parts = key.Split(':');
        var length = parts.Length;
        while (length > 1 && int.TryParse(parts[length - 1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            length--;
        }

        return string.Join(':', parts, 0, length);
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.ConfigReloaded, LogLevel.Information, "Configuration reloaded from {Path} ({Trigger}): generation {Generation}, {Venues} venue(s) serving")]
        public static partial void Reloaded(ILogger logger, string path, int generation, string trigger, int venues);

        [LoggerMessage(EventIds.ConfigReloadRejected, LogLevel.Error, "Configuration reload from {Path} ({Trigger}) rejected, the running configuration stays: {Count} error(s): {Errors}")]
        public static partial void Rejected(ILogger logger, string path, string trigger, int count, string errors);

        [LoggerMessage(EventIds.ConfigRestartRequired, LogLevel.Warning, "Configuration: {Setting} changed in {Path}; it takes effect only after a restart (the rest of the change is applied)")]
        public static partial void RestartRequired(ILogger logger, string setting, string path);

        [LoggerMessage(EventIds.ConfigReloadWarning, LogLevel.Warning, "Configuration (reloaded): {Warning}")]
        public static partial void ReloadWarning(ILogger logger, string warning);
    }
}

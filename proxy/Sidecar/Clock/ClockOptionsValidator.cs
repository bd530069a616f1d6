using Sidecar.Configuration;

namespace Sidecar.Clock;

/// <summary>Checks the <c>Clock</c> section, adding every problem to the list the validator reports at once.</summary>
internal static class ClockOptionsValidator
{
    private const string Section = nameof(SidecarOptions.Clock);
    private const string SyncIntervalSeconds = $"{Section}:{nameof(ClockOptions.SyncIntervalSeconds)}";

    public static void Validate(ClockOptions clock, Dictionary<string, VenueOptions> venues, List<string> errors)
    {
        Require.Between(errors, $"{Section}:{nameof(ClockOptions.MaxSkewMs)}", clock.MaxSkewMs, ClockOptionsDefaults.MinMaxSkewMs, ClockOptionsDefaults.MaxMaxSkewMs);
        Require.Between(errors, SyncIntervalSeconds, clock.SyncIntervalSeconds, ClockOptionsDefaults.MinSyncIntervalSeconds, ClockOptionsDefaults.MaxSyncIntervalSeconds);
        if (clock.MaxOffsetAgeSeconds < clock.SyncIntervalSeconds * ClockOptionsDefaults.MinMaxOffsetAgeSyncIntervals || clock.MaxOffsetAgeSeconds > ClockOptionsDefaults.MaxMaxOffsetAgeSeconds)
        {
            errors.Add($"{Section}:{nameof(ClockOptions.MaxOffsetAgeSeconds)} must be at least twice {SyncIntervalSeconds} and at most {ClockOptionsDefaults.MaxMaxOffsetAgeSeconds} (got {clock.MaxOffsetAgeSeconds}): one failed sync must not drop the offset");
        }

        foreach (var name in clock.LocalClockVenues)
        {
            if (!venues.ContainsKey(name))
            {
                errors.Add($"{Section}:{nameof(ClockOptions.LocalClockVenues)} names '{name}', which is not a configured venue");
            }
        }
    }
}

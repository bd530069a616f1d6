namespace Sidecar.Configuration;

/// <summary>Checks the <c>Clock</c> section, adding every problem to the list the validator reports at once.</summary>
internal static class ClockValidator
{
    public static void Validate(Sidecar.Clock.ClockOptions clock, Dictionary<string, VenueOptions> venues, List<string> errors)
    {
        if (clock.MaxSkewMs is < 1 or > 600_000)
        {
            errors.Add($"Clock:MaxSkewMs must be between 1 and 600000 (got {clock.MaxSkewMs})");
        }

        if (clock.SyncIntervalSeconds is < 5 or > 3600)
        {
            errors.Add($"Clock:SyncIntervalSeconds must be between 5 and 3600 (got {clock.SyncIntervalSeconds})");
        }

        if (clock.MaxOffsetAgeSeconds < clock.SyncIntervalSeconds * 2 || clock.MaxOffsetAgeSeconds > 86_400)
        {
            errors.Add($"Clock:MaxOffsetAgeSeconds must be at least twice Clock:SyncIntervalSeconds and at most 86400 (got {clock.MaxOffsetAgeSeconds}): one failed sync must not drop the offset");
        }

        foreach (var name in clock.LocalClockVenues)
        {
            if (!venues.ContainsKey(name))
            {
                errors.Add($"Clock:LocalClockVenues names '{name}', which is not a configured venue");
            }
        }
    }
}

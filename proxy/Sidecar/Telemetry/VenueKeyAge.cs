namespace Sidecar.Telemetry;

/// <summary>The key a venue signs with and when it was created or imported (null: the token keeps no date).</summary>
internal sealed record VenueKeyAge(string Venue, string KeyLabel, DateOnly? Created);

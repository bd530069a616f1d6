using System.Text.Json;

namespace Sidecar.Doctor;

/// <summary>Every check's result, in a stable order, with the human table and the JSON document.</summary>
internal sealed class DoctorReport
{
    /// <summary>Version of the JSON document's shape; bump on any incompatible change.</summary>
    public const int SchemaVersion = 1;

    public DoctorReport(IReadOnlyList<CheckResult> results, bool strict, DateTimeOffset checkedAt)
    {
        Results = results;
        Strict = strict;
        CheckedAt = checkedAt;
    }

    public IReadOnlyList<CheckResult> Results { get; }

    public bool Strict { get; }

    public DateTimeOffset CheckedAt { get; }

    public int Count(CheckStatus status)
    {
        var count = 0;
        foreach (var result in Results)
        {
            count += result.Status == status ? 1 : 0;
        }

        return count;
    }

    public bool HasFailures => Count(CheckStatus.Fail) > 0;

    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteNumber("version", SchemaVersion);
        json.WriteString("checkedAt", CheckedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteBoolean("strict", Strict);
        json.WriteString("status", HasFailures ? "fail" : Count(CheckStatus.Warn) > 0 ? "warn" : "pass");
        json.WriteStartObject("counts");
        foreach (var status in (ReadOnlySpan<CheckStatus>)[CheckStatus.Pass, CheckStatus.Warn, CheckStatus.Fail, CheckStatus.Unknown])
        {
            json.WriteNumber(CheckStatusNames.Name(status), Count(status));
        }

        json.WriteEndObject();
        json.WriteStartArray("checks");
        foreach (var result in Results)
        {
            json.WriteStartObject();
            json.WriteString("check", result.Check);
            json.WriteString("venue", result.Venue);
            json.WriteString("status", CheckStatusNames.Name(result.Status));
            json.WriteString("reason", result.Reason);
            json.WriteString("fix", result.Fix);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public void WriteTable(TextWriter output)
    {
        var checkWidth = "CHECK".Length;
        var venueWidth = "VENUE".Length;
        foreach (var result in Results)
        {
            checkWidth = Math.Max(checkWidth, result.Check.Length);
            venueWidth = Math.Max(venueWidth, (result.Venue ?? "-").Length);
        }

        output.WriteLine($"{"VENUE".PadRight(venueWidth)}  {"CHECK".PadRight(checkWidth)}  {"RESULT",-7}  REASON");
        foreach (var result in Results)
        {
            output.WriteLine($"{(result.Venue ?? "-").PadRight(venueWidth)}  {result.Check.PadRight(checkWidth)}  {CheckStatusNames.Name(result.Status).ToUpperInvariant(),-7}  {result.Reason}");
            if (result.Fix is not null && result.Status != CheckStatus.Pass)
            {
                output.WriteLine($"{"".PadRight(venueWidth + checkWidth + 13)}fix: {result.Fix}");
            }
        }

        output.WriteLine();
        output.WriteLine($"{Count(CheckStatus.Pass)} pass, {Count(CheckStatus.Warn)} warn, {Count(CheckStatus.Fail)} fail, {Count(CheckStatus.Unknown)} unknown{(Strict ? " (Posture:Strict)" : "")}");
    }
}

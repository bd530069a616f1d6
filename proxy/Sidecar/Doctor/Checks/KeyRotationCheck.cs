using Sidecar.Proxy;

namespace Sidecar.Doctor.Checks;

/// <summary>Key age against <c>Keys:MaxAgeDays</c>: keys are rotated, and the token records when each was made.</summary>
internal sealed class KeyRotationCheck : IVenueCheck
{
    public Task<IReadOnlyList<CheckResult>> RunAsync(DoctorContext context, Venue venue, CancellationToken cancellationToken)
    {
        var label = venue.Credentials.Key.Label;
        var created = context.HsmOf(venue)?.ReadKeyPosture(label)?.Created;
        var maxAge = context.Config.Keys.MaxAgeDays;
        CheckResult result;
        if (created is not { } date)
        {
            result = new CheckResult("key.age", venue.Name, CheckStatus.Unknown, $"key '{label}' has no recorded creation date", "rotate the key with sidecar keys import --replace, which records the date");
        }
        else
        {
            var age = DateOnly.FromDateTime(context.Clock.GetUtcNow().UtcDateTime).DayNumber - date.DayNumber;
            result = age > maxAge
                ? CheckResult.Weak("key.age", venue.Name, context.Strict, $"key '{label}' is {age} days old, older than Keys:MaxAgeDays ({maxAge})",
                    "create a new key at the exchange, import it (sidecar keys import --replace), then delete the old one at the exchange")
                : CheckResult.Pass("key.age", venue.Name, $"key '{label}' is {age} days old (Keys:MaxAgeDays {maxAge})");
        }

        return Task.FromResult<IReadOnlyList<CheckResult>>([result]);
    }
}

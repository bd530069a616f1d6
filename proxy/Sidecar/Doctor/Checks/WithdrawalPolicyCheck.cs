using Sidecar.Proxy;
using Sidecar.Signing.Policy;

namespace Sidecar.Doctor.Checks;

/// <summary>
/// The venue's policy in force: which profile, and that no Allow rule opens a withdrawal (a failure) or a
/// transfer, sub-account or API-key management endpoint (a warning; a failure under Posture:Strict).
/// </summary>
internal sealed class WithdrawalPolicyCheck : IVenueCheck
{
    public Task<IReadOnlyList<CheckResult>> RunAsync(DoctorContext context, Venue venue, CancellationToken cancellationToken)
    {
        var withdrawals = new List<string>();
        var others = new List<string>();
        foreach (var (rule, category) in venue.Policy.DangerousAllows())
        {
            (category == EndpointCategory.Withdrawal ? withdrawals : others).Add($"'{rule}' ({category})");
        }

        var prefix = $"Venues:{venue.Name}:Policy";
        CheckResult result;
        if (withdrawals.Count > 0)
        {
            result = new CheckResult("policy.withdrawals", venue.Name, CheckStatus.Fail, $"{prefix}:Allow opens withdrawals: {string.Join(", ", withdrawals)}",
                $"remove the rule from {prefix}:Allow: a trading bot never withdraws");
        }
        else if (others.Count > 0)
        {
            result = CheckResult.Weak("policy.withdrawals", venue.Name, context.Strict, $"{prefix}:Allow opens endpoints that move funds or change access: {string.Join(", ", others)}",
                $"remove the rules from {prefix}:Allow unless the bot needs them");
        }
        else
        {
            result = CheckResult.Pass("policy.withdrawals", venue.Name,
                $"profile '{venue.Policy.Profile}' in force; withdrawals, transfers, sub-account and API-key management are denied");
        }

        return Task.FromResult<IReadOnlyList<CheckResult>>([result]);
    }
}

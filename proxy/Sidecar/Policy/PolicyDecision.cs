namespace Sidecar.Policy;

/// <summary>Allowed, or refused with the rule that refused it (safe to show the bot and to log).</summary>
internal readonly record struct PolicyDecision(bool Allowed, string Rule, string? Message)
{
    public static PolicyDecision Allow(string rule) => new(true, rule, null);

    public static PolicyDecision Refuse(string rule, string message) => new(false, rule, message);
}

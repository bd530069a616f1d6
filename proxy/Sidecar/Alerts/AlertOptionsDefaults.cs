namespace Sidecar.Alerts;

/// <summary>The <c>Alerts</c> section's defaults and accepted ranges, and why.</summary>
internal static class AlertOptionsDefaults
{
    /// <summary>Sidecar's own JSON, which any webhook receiver can read; Slack and Telegram are opted into.</summary>
    public const string Format = AlertFormats.Generic;

    /// <summary>
    /// 60 s: an HSM outage or a skewed clock raises its event again on every request or check, and one message a
    /// minute per event and venue keeps a channel readable (and inside Telegram's 20 messages a minute to a group)
    /// while a new incident still shows within a minute.
    /// </summary>
    public const int DebounceSeconds = 60;

    /// <summary>0 sends every event (the end-to-end tests use it).</summary>
    public const int MinDebounceSeconds = 0;

    public const int MaxDebounceSeconds = 86_400;

    /// <summary>
    /// 10 refusals of one venue within <see cref="RefusalBurstWindowSeconds"/>: a bot refused now and then (an
    /// endpoint its policy does not allow, tried once) is not an incident; one that keeps trying what its policy
    /// forbids may be broken or compromised.
    /// </summary>
    public const int RefusalBurst = 10;

    public const int MinRefusalBurst = 1;

    public const int RefusalBurstWindowSeconds = 60;

    public const int MinRefusalBurstWindowSeconds = 1;

    public const int MaxRefusalBurstWindowSeconds = 86_400;
}

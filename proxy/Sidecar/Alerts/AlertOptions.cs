namespace Sidecar.Alerts;

/// <summary>Config <c>Alerts</c>: where security events go.</summary>
internal sealed class AlertOptions
{
    /// <summary>
    /// The webhook URL (https, or http to loopback). Slack and Telegram URLs embed a token: prefer setting it with
    /// the <c>SIDECAR_Alerts__Webhook</c> environment variable over writing it in the file.
    /// </summary>
    public string? Webhook { get; set; }

    /// <summary><c>generic</c> (Sidecar's JSON), <c>slack</c> ({"text"}) or <c>telegram</c> ({"chat_id","text"}).</summary>
    public string Format { get; set; } = AlertOptionsDefaults.Format;

    /// <summary>Telegram's chat id, with Format telegram.</summary>
    public string? TelegramChatId { get; set; }

    /// <summary>The same event for the same venue is sent at most once per this many seconds.</summary>
    public int DebounceSeconds { get; set; } = AlertOptionsDefaults.DebounceSeconds;

    /// <summary>Policy refusals per venue within <see cref="RefusalBurstWindowSeconds"/> that make an alert.</summary>
    public int RefusalBurst { get; set; } = AlertOptionsDefaults.RefusalBurst;

    public int RefusalBurstWindowSeconds { get; set; } = AlertOptionsDefaults.RefusalBurstWindowSeconds;
}

namespace Sidecar.Alerts;

/// <summary>The bodies <c>Alerts:Format</c> selects: what the webhook's receiver reads.</summary>
internal static class AlertFormats
{
    /// <summary>Sidecar's own JSON (the <see cref="Alert"/> record).</summary>
    public const string Generic = "generic";

    /// <summary>Slack's incoming webhook: <c>{"text"}</c>.</summary>
    public const string Slack = "slack";

    /// <summary>Telegram's sendMessage: <c>{"chat_id","text"}</c>.</summary>
    public const string Telegram = "telegram";

    public static readonly string[] All = [Generic, Slack, Telegram];
}

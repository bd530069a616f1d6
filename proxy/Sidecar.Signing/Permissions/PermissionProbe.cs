namespace Sidecar.Signing.Permissions;

/// <summary>
/// One exchange's read-only "what may this key do" endpoint: the request to sign and send, and how to read the
/// answer. The doctor sends nothing else to an exchange. An exchange without such an endpoint has
/// <see cref="Unavailable"/>, which says why.
/// </summary>
public abstract class PermissionProbe
{
    /// <summary>Why this exchange's key permissions cannot be checked; null when the probe can be sent.</summary>
    public virtual string? UnavailableReason => null;

    public virtual string Method => "GET";

    public abstract string Path { get; }

    public virtual string Query => "";

    public virtual string Body => "";

    public virtual BodyFormat BodyFormat => BodyFormat.None;

    /// <summary>Reads a 2xx answer; null with <paramref name="error"/> when the answer is an error or unreadable.</summary>
    public abstract KeyPermissions? Parse(JsonElement answer, out string? error);

    /// <summary>The exchange's own error text from a non-2xx answer, for the reason line.</summary>
    public virtual string? ErrorOf(JsonElement answer) =>
        answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("msg", out var msg) ? msg.ToString()
        : answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("message", out var message) ? message.ToString()
        : null;

    /// <summary>The exchange has no endpoint the doctor may read for this: <paramref name="reason"/> says why.</summary>
    public static PermissionProbe Unavailable(string reason) => new UnavailableProbe(reason);

    protected static bool? Bool(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Number => value.GetDouble() != 0,
                _ => null,
            }
            : null;

    protected static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    protected static bool ContainsWord(string list, string word)
    {
        foreach (var part in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (string.Equals(part, word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class UnavailableProbe(string reason) : PermissionProbe
    {
        public override string? UnavailableReason => reason;

        public override string Path => throw new InvalidOperationException(reason);

        public override KeyPermissions? Parse(JsonElement answer, out string? error) => throw new InvalidOperationException(reason);
    }
}

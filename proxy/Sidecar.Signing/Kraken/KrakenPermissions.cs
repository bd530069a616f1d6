using Sidecar.Signing;

namespace Sidecar.Signing.Kraken;

/// <summary>
/// Kraken "Get API Key Info": <c>POST /0/private/GetApiKeyInfo</c>, which needs no permission of its own and
/// answers about the key that signed it. <c>result.permissions</c> lists the key's permissions
/// (<c>withdraw_funds</c> lets it withdraw); <c>result.ip_allowlist</c> is empty when the key works from any IP.
/// Kraken names no separate transfer permission (wallet transfers need <c>withdraw_funds</c>), so transfers follow
/// the withdrawal permission. Signed like any private call: the scheme writes the nonce into the form body.
/// </summary>
internal sealed class KrakenPermissions : PermissionProbe
{
    public override string Method => "POST";

    public override string Path => "/0/private/GetApiKeyInfo";

    public override BodyFormat BodyFormat => BodyFormat.Form;

    public override string? ErrorOf(JsonElement answer) => Errors(answer);

    public override KeyPermissions? Parse(JsonElement answer, out string? error)
    {
        error = Errors(answer);
        if (error is not null || !answer.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Object)
        {
            error ??= "the answer has no result object";
            return null;
        }

        bool? withdraw = null;
        if (result.TryGetProperty("permissions", out var permissions) && permissions.ValueKind == JsonValueKind.Array)
        {
            withdraw = false;
            foreach (var permission in permissions.EnumerateArray())
            {
                withdraw |= permission.ValueKind == JsonValueKind.String && string.Equals(permission.GetString(), "withdraw_funds", StringComparison.OrdinalIgnoreCase);
            }
        }

        bool? ipBound = result.TryGetProperty("ip_allowlist", out var ips) && ips.ValueKind == JsonValueKind.Array ? ips.GetArrayLength() > 0 : null;
        return new KeyPermissions
        {
            Withdrawals = withdraw,
            Transfers = withdraw,
            IpRestricted = ipBound,
            Source = $"withdraw_funds={withdraw?.ToString() ?? "absent"}, ip_allowlist: {(ipBound is null ? "absent" : ipBound.Value ? "set" : "empty")}",
        };
    }

    // Kraken answers errors with HTTP 200 and a non-empty "error" array of strings such as "EAPI:Invalid key".
    private static string? Errors(JsonElement answer) =>
        answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("error", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0
            ? errors[0].ToString()
            : null;
}

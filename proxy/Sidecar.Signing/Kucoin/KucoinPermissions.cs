namespace Sidecar.Signing.Kucoin;

/// <summary>
/// KuCoin "Get API Key Info": <c>GET /api/v1/user/api-key</c>. <c>data.permission</c> is a comma-separated list
/// (<c>General</c>, <c>Spot</c>, <c>Futures</c>, <c>Withdrawal</c>, <c>InnerTransfer</c>, …); <c>data.ipWhitelist</c>
/// is empty when the key is not IP-bound.
/// </summary>
internal sealed class KucoinPermissions : PermissionProbe
{
    public override string Path => "/api/v1/user/api-key";

    public override KeyPermissions? Parse(JsonElement answer, out string? error)
    {
        error = null;
        if (Text(answer, "code") != "200000" || !answer.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            error = $"code {Text(answer, "code") ?? "absent"}: {Text(answer, "msg")}";
            return null;
        }

        var permission = Text(data, "permission");
        var ips = Text(data, "ipWhitelist");
        return new KeyPermissions
        {
            Withdrawals = permission is null ? null : ContainsWord(permission, "Withdrawal"),
            Transfers = permission is null ? null : ContainsWord(permission, "InnerTransfer") || ContainsWord(permission, "Transfer"),
            IpRestricted = ips is null ? null : ips.Trim().Length > 0,
            Source = $"permission={permission ?? "absent"}, ipWhitelist: {(string.IsNullOrWhiteSpace(ips) ? "empty" : "set")}",
        };
    }
}

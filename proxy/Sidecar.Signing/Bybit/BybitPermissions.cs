namespace Sidecar.Signing.Bybit;

/// <summary>
/// Bybit "Get API Key Information": <c>GET /v5/user/query-api</c> (any permission may call it). Withdrawals are
/// <c>permissions.Wallet</c> containing <c>Withdraw</c>; transfers are <c>AccountTransfer</c> or
/// <c>SubMemberTransfer</c>; <c>ips</c> of <c>["*"]</c> (or none) means no IP binding.
/// </summary>
internal sealed class BybitPermissions : PermissionProbe
{
    public override string Path => "/v5/user/query-api";

    public override string? ErrorOf(JsonElement answer) => Text(answer, "retMsg") ?? base.ErrorOf(answer);

    public override KeyPermissions? Parse(JsonElement answer, out string? error)
    {
        error = null;
        if (!answer.TryGetProperty("retCode", out var code) || code.ValueKind != JsonValueKind.Number || code.GetInt64() != 0)
        {
            error = $"retCode {(answer.TryGetProperty("retCode", out var c) ? c.ToString() : "absent")}: {Text(answer, "retMsg")}";
            return null;
        }

        if (!answer.TryGetProperty("result", out var result) || !result.TryGetProperty("permissions", out var permissions))
        {
            error = "the answer has no result.permissions";
            return null;
        }

        var wallet = new List<string>();
        if (permissions.TryGetProperty("Wallet", out var walletPermissions) && walletPermissions.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in walletPermissions.EnumerateArray())
            {
                wallet.Add(item.ToString());
            }
        }

        bool? ipRestricted = null;
        var ipCount = 0;
        if (result.TryGetProperty("ips", out var ips) && ips.ValueKind == JsonValueKind.Array)
        {
            ipRestricted = false;
            foreach (var ip in ips.EnumerateArray())
            {
                ipCount++;
                ipRestricted |= ip.ToString() is { Length: > 0 } address && address != "*";
            }
        }

        return new KeyPermissions
        {
            Withdrawals = wallet.Contains("Withdraw"),
            Transfers = wallet.Contains("AccountTransfer") || wallet.Contains("SubMemberTransfer"),
            IpRestricted = ipRestricted,
            Source = $"permissions.Wallet=[{string.Join(",", wallet)}], ips: {(ipRestricted == true ? $"{ipCount} bound" : "none bound")}, expiredAt={Text(result, "expiredAt") ?? "absent"}",
        };
    }
}

namespace Sidecar.Signing.Okx;

/// <summary>
/// OKX "Get account configuration": <c>GET /api/v5/account/config</c>. <c>data[0].perm</c> lists the key's
/// permissions (<c>read_only</c>, <c>trade</c>, <c>withdraw</c>); <c>data[0].ip</c> is the bound IP list, empty
/// when none. OKX has no separate transfer permission in this answer.
/// </summary>
internal sealed class OkxPermissions : PermissionProbe
{
    public override string Path => "/api/v5/account/config";

    public override KeyPermissions? Parse(JsonElement answer, out string? error)
    {
        error = null;
        if (Text(answer, "code") != "0" || !answer.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array || data.GetArrayLength() == 0)
        {
            error = $"code {Text(answer, "code") ?? "absent"}: {Text(answer, "msg")}";
            return null;
        }

        var config = data[0];
        var perm = Text(config, "perm");
        var ip = Text(config, "ip");
        return new KeyPermissions
        {
            Withdrawals = perm is null ? null : ContainsWord(perm, "withdraw"),
            IpRestricted = ip is null ? null : ip.Trim().Length > 0,
            Source = $"perm={perm ?? "absent"}, ip: {(string.IsNullOrWhiteSpace(ip) ? "none bound" : "bound")}",
        };
    }
}

namespace Sidecar.Signing.Binance;

/// <summary>
/// Binance "Get API Key Permission (USER_DATA)": <c>GET /sapi/v1/account/apiRestrictions</c>, signed, answering
/// <c>enableWithdrawals</c>, <c>ipRestrict</c>, <c>enableInternalTransfer</c> and <c>permitsUniversalTransfer</c>.
/// Served by the spot host (api.binance.com); futures hosts answer 404.
/// </summary>
internal sealed class BinancePermissions : PermissionProbe
{
    public override string Path => "/sapi/v1/account/apiRestrictions";

    public override KeyPermissions? Parse(JsonElement answer, out string? error)
    {
        error = null;
        var withdrawals = Bool(answer, "enableWithdrawals");
        var ip = Bool(answer, "ipRestrict");
        if (withdrawals is null && ip is null)
        {
            error = "the answer has neither enableWithdrawals nor ipRestrict";
            return null;
        }

        var internalTransfer = Bool(answer, "enableInternalTransfer");
        var universalTransfer = Bool(answer, "permitsUniversalTransfer");
        return new KeyPermissions
        {
            Withdrawals = withdrawals,
            IpRestricted = ip,
            Transfers = internalTransfer is null && universalTransfer is null ? null : internalTransfer == true || universalTransfer == true,
            Source = $"enableWithdrawals={Show(withdrawals)}, ipRestrict={Show(ip)}, enableInternalTransfer={Show(internalTransfer)}, permitsUniversalTransfer={Show(universalTransfer)}",
        };
    }

    private static string Show(bool? value) => value switch { true => "true", false => "false", null => "absent" };
}

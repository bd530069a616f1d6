namespace Sidecar.Signing.CoinbaseAdvanced;

/// <summary>
/// Coinbase Advanced Trade "Get API Key Permissions": <c>GET /api/v3/brokerage/key_permissions</c>, answering
/// <c>can_view</c>, <c>can_trade</c> and <c>can_transfer</c> (sending funds, on or off the platform). The answer
/// says nothing about IP allow-lists.
/// </summary>
internal sealed class CoinbaseAdvancedPermissions : PermissionProbe
{
    public override string Path => "/api/v3/brokerage/key_permissions";

    public override KeyPermissions? Parse(JsonElement answer, out string? error)
    {
        error = null;
        var transfer = Bool(answer, "can_transfer");
        if (transfer is null)
        {
            error = "the answer has no can_transfer";
            return null;
        }

        return new KeyPermissions
        {
            Withdrawals = transfer,
            Transfers = transfer,
            Source = $"can_view={Bool(answer, "can_view")}, can_trade={Bool(answer, "can_trade")}, can_transfer={transfer}",
        };
    }
}

using Sidecar.Signing;

namespace Sidecar.Signing.Bitfinex;

/// <summary>
/// Bitfinex "Key Permissions": <c>POST /v2/auth/r/permissions</c> (an authenticated read, <c>r</c>), answering
/// <c>[[scope, read, write], …]</c>. Withdrawals are the <c>withdraw</c> scope's write flag; transfers between
/// wallets the <c>wallets</c> scope's write flag. No IP information.
/// </summary>
internal sealed class BitfinexPermissions : PermissionProbe
{
    public override string Method => "POST";

    public override string Path => "/v2/auth/r/permissions";

    public override string Body => "{}";

    public override BodyFormat BodyFormat => BodyFormat.Json;

    public override KeyPermissions? Parse(JsonElement answer, out string? error)
    {
        error = null;
        if (answer.ValueKind != JsonValueKind.Array)
        {
            error = "the answer is not an array of [scope, read, write]";
            return null;
        }

        bool? withdraw = null, wallets = null;
        foreach (var entry in answer.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Array || entry.GetArrayLength() < 3 || entry[2].ValueKind != JsonValueKind.Number)
            {
                continue;
            }

            var write = entry[2].GetInt32() != 0;
            switch (entry[0].ToString())
            {
                case "withdraw":
                    withdraw = write;
                    break;
                case "wallets":
                    wallets = write;
                    break;
            }
        }

        return new KeyPermissions
        {
            Withdrawals = withdraw,
            Transfers = wallets,
            Source = $"withdraw write={withdraw?.ToString() ?? "absent"}, wallets write={wallets?.ToString() ?? "absent"}",
        };
    }
}

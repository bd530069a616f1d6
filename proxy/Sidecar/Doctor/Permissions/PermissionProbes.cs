namespace Sidecar.Doctor.Permissions;

/// <summary>Which schemes' exchanges report a key's permissions, and why the others cannot be checked.</summary>
internal static class PermissionProbes
{
    private static readonly PermissionProbe[] All =
    [
        new BinancePermissionProbe(),
        new BybitPermissionProbe(),
        new OkxPermissionProbe(),
        new KucoinPermissionProbe(),
        new CoinbaseAdvancedPermissionProbe(),
        new BitfinexPermissionProbe(),
        new KrakenPermissionProbe(),
    ];

    public static PermissionProbe? For(string scheme)
    {
        foreach (var probe in All)
        {
            foreach (var name in probe.Schemes)
            {
                if (name == scheme)
                {
                    return probe;
                }
            }
        }

        return null;
    }

    /// <summary>Why a scheme has no probe: the exchange has no such endpoint, or Sidecar does not read it yet.</summary>
    public static string Unavailable(string scheme) => scheme switch
    {
        "gate-v4" or "coinbase-exchange" => "not available from the exchange: it has no endpoint that reports an API key's own permissions",
        // private/list_api_keys (scope account:read) is the only method that reports a key's max_scope, and it lists
        // every key of the account; the docs' example answer carries each key's client_secret, so the catalog files
        // it under ApiKeyManagement. Requests signed with
        // deri-hmac-sha256 carry no session, so no answer reports the scope of the key in hand; public/auth would,
        // but it opens a token session with a different signature the scheme does not make.
        "deribit" => "not checked: Deribit reports a key's scope only through private/list_api_keys, which lists every key of the account with its secret and which Sidecar's catalog refuses as API-key management",
        // GET /api/v1/apiKey lists every key of the account, not only this one (its APIKey model has a secret
        // field), and the catalog keeps it under ApiKeyManagement so nothing reads other keys through Sidecar.
        "bitmex" => "not checked: BitMEX reports permissions only through GET /api/v1/apiKey, a listing of all the account's keys that Sidecar's catalog refuses as API-key management",
        _ => "not available from the exchange",
    };
}

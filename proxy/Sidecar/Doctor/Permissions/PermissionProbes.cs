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
        "kraken" => "not checked: Kraken's GetApiKeyInfo is not read by Sidecar yet",
        "deribit" => "not checked: Deribit's private/list_api_keys needs the account:read scope, which a trading key should not have",
        "bitmex" => "not checked: BitMEX's API-key listing is not read by Sidecar yet",
        _ => "not available from the exchange",
    };
}

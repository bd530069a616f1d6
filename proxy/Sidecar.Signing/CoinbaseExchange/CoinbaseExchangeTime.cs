namespace Sidecar.Signing.CoinbaseExchange;

/// <summary>
/// Coinbase Exchange "Get server time", <c>GET /time</c> (docs.cdp.coinbase.com, exchange API, time):
/// <c>{"iso":"2015-01-07T23:47:25.201Z","epoch":1420674445.201}</c>, <c>epoch</c> being decimal seconds (a JSON
/// number with a fraction). Read as milliseconds, truncated.
/// </summary>
internal static class CoinbaseExchangeTime
{
    public static readonly ServerTimeEndpoint Endpoint = new("/time", 1, Parse);

    public static bool Parse(ReadOnlySpan<byte> json, out long unixMilliseconds)
    {
        unixMilliseconds = 0;
        if (!ServerTimeJson.TryReadDecimal(json, out var seconds, "epoch") || seconds is < 0 or > 10_000_000_000m)
        {
            return false;
        }

        unixMilliseconds = (long)decimal.Truncate(seconds * 1000);
        return true;
    }
}

namespace Sidecar.Benchmarks;

/// <summary>A realistic unsigned Binance spot order as a bot sends it; the scheme adds timestamp and signature.</summary>
internal static class BinanceOrder
{
    public const string Method = "POST";

    public static byte[] Path() => "/api/v3/order"u8.ToArray();

    public static byte[] Body() =>
        "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=65000.5&newClientOrderId=x-abc123&recvWindow=5000"u8.ToArray();

    /// <summary>Fixed clock value (2026-11-22T12:00:00Z), so every iteration signs the same number of bytes.</summary>
    public const long UnixTimeMilliseconds = 1_795_348_800_000;
}

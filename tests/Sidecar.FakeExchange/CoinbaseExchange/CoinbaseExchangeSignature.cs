namespace Sidecar.FakeExchange.CoinbaseExchange;

/// <summary>
/// The Coinbase Exchange signature, from the docs ("Exchange REST API Authentication → Signing a Message"):
/// base64(HMAC-SHA256(base64decode(secret), timestamp + method + requestPath + body)). Independent of Sidecar.
/// </summary>
internal static class CoinbaseExchangeSignature
{
    public static string Compute(byte[] secret, string timestamp, string method, string requestPath, string body) =>
        Convert.ToBase64String(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(timestamp + method + requestPath + body)));

    public static bool Verify(byte[] secret, string timestamp, string method, string requestPath, string body, string signature) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Compute(secret, timestamp, method, requestPath, body)),
            Encoding.ASCII.GetBytes(signature));
}

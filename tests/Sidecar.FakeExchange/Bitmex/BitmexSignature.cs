namespace Sidecar.FakeExchange.Bitmex;

/// <summary>
/// The BitMEX API-key signature, from "API Keys Usage" (www.bitmex.com/app/apiKeysUsage):
/// hex(HMAC_SHA256(apiSecret, verb + path + expires + data)), path including the query string, data the raw body.
/// Independent of Sidecar.
/// </summary>
internal static class BitmexSignature
{
    public static string Compute(byte[] secret, string verb, string path, string expires, string data) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(verb + path + expires + data)));

    public static bool Verify(byte[] secret, string verb, string path, string expires, string data, string signature) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Compute(secret, verb, path, expires, data)),
            Encoding.ASCII.GetBytes(signature));
}

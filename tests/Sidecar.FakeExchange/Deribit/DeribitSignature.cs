namespace Sidecar.FakeExchange.Deribit;

/// <summary>
/// Deribit signature credentials for HTTP, from the docs ("Authentication → Deribit signature credentials"):
/// RequestData = METHOD + "\n" + URI + "\n" + RequestBody + "\n"; StringToSign = Timestamp + "\n" + Nonce + "\n" +
/// RequestData; Signature = hex(HMAC-SHA256(ClientSecret, StringToSign)). Independent of Sidecar.
/// </summary>
internal static class DeribitSignature
{
    public static string Compute(byte[] clientSecret, string timestamp, string nonce, string method, string uri, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(clientSecret, Encoding.UTF8.GetBytes($"{timestamp}\n{nonce}\n{method.ToUpperInvariant()}\n{uri}\n{body}\n")));

    public static bool Verify(byte[] clientSecret, string timestamp, string nonce, string method, string uri, string body, string signature) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Compute(clientSecret, timestamp, nonce, method, uri, body)),
            Encoding.ASCII.GetBytes(signature));

    /// <summary>
    /// The WebSocket login's signature (<c>public/auth</c>, grant client_signature; docs "Client Signature (WebSocket)"):
    /// StringToSign = Timestamp + "\n" + Nonce + "\n" + Data; Signature = hex(HMAC-SHA256(ClientSecret, StringToSign)).
    /// </summary>
    public static string ComputeClientSignature(byte[] clientSecret, string timestamp, string nonce, string data) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(clientSecret, Encoding.UTF8.GetBytes($"{timestamp}\n{nonce}\n{data}")));

    public static bool VerifyClientSignature(byte[] clientSecret, string timestamp, string nonce, string data, string signature) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(ComputeClientSignature(clientSecret, timestamp, nonce, data)),
            Encoding.ASCII.GetBytes(signature));

    /// <summary>Parses <c>deri-hmac-sha256 id=…,ts=…,sig=…,nonce=…</c> (spaces after the commas tolerated, as the newer docs write it).</summary>
    public static Dictionary<string, string>? ParseAuthorization(string? authorization)
    {
        const string prefix = "deri-hmac-sha256 ";
        if (authorization is null || !authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in authorization[prefix.Length..].Split(','))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return null;
            }

            fields[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }

        return fields;
    }
}

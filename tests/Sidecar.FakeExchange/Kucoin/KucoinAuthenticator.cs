namespace Sidecar.FakeExchange.Kucoin;

/// <summary>A KuCoin error as the exchange answers it: HTTP status, <c>code</c> and <c>msg</c>.</summary>
internal sealed record KucoinError(int Status, string Code, string Msg);

/// <summary>
/// Checks KuCoin REST authentication with its own code, from the docs ("Authentication → Signing a Message"):
/// <c>KC-API-SIGN = base64(HMAC-SHA256(secret, timestamp + METHOD + endpoint + body))</c>, endpoint being the path
/// plus <c>?query</c>, taken as "content that has not been URL-encoded" (percent-decoded, <c>+</c> in the query a
/// space); for key versions 2 and 3, <c>KC-API-PASSPHRASE = base64(HMAC-SHA256(secret, passphrase))</c>, for version 1
/// the passphrase itself; the timestamp within 5 seconds of the server's. Error codes are the docs' 4000xx
/// authentication codes, answered with HTTP 401. Broker headers (<c>KC-API-PARTNER*</c>) are recorded, not checked:
/// the fake holds no partner key.
/// </summary>
internal sealed class KucoinAuthenticator(string apiKey, byte[] secret, string passphrase, Func<long> serverTime)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    public (SignatureCheck Check, KucoinError? Error) Authenticate(HttpRequest request, string rawPath, string rawQuery, string body)
    {
        var key = FakeHttp.Single(request, "KC-API-KEY");
        var sign = FakeHttp.Single(request, "KC-API-SIGN");
        var timestamp = FakeHttp.Single(request, "KC-API-TIMESTAMP");
        var sentPassphrase = FakeHttp.Single(request, "KC-API-PASSPHRASE");
        var version = FakeHttp.Single(request, "KC-API-KEY-VERSION") ?? "1";
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(sign) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(sentPassphrase))
        {
            return (string.IsNullOrEmpty(sign) ? SignatureCheck.Missing : SignatureCheck.NotRequired,
                new KucoinError(401, "400001", "Please check the header of your request for KC-API-KEY, KC-API-SIGN, KC-API-TIMESTAMP, KC-API-PASSPHRASE"));
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var sentAt) ||
            Math.Abs(serverTime() - sentAt) > Window.TotalMilliseconds)
        {
            return (SignatureCheck.NotRequired, new KucoinError(401, "400002", "KC-API-TIMESTAMP Invalid -- Time differs from server time by more than 5 seconds"));
        }

        if (!FakeHttp.Same(key, apiKey))
        {
            return (SignatureCheck.NotRequired, new KucoinError(401, "400003", "KC-API-KEY not exists"));
        }

        var expectedPassphrase = version is "2" or "3"
            ? Convert.ToBase64String(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(passphrase)))
            : passphrase;
        if (!FakeHttp.Same(sentPassphrase, expectedPassphrase))
        {
            return (SignatureCheck.NotRequired, new KucoinError(401, "400004", "Invalid KC-API-PASSPHRASE"));
        }

        var prehash = new List<byte>();
        prehash.AddRange(Encoding.UTF8.GetBytes(timestamp + request.Method));
        prehash.AddRange(Decode(rawPath, plusIsSpace: false));
        if (rawQuery.Length > 0)
        {
            prehash.Add((byte)'?');
            prehash.AddRange(Decode(rawQuery, plusIsSpace: true));
        }

        prehash.AddRange(Encoding.UTF8.GetBytes(body));
        var expected = Convert.ToBase64String(HMACSHA256.HashData(secret, prehash.ToArray()));
        return FakeHttp.Same(sign, expected) ? (SignatureCheck.Valid, null) : (SignatureCheck.Invalid, new KucoinError(401, "400005", "Invalid KC-API-SIGN"));
    }

    /// <summary>"The url content that has not been URL-encoded": %XX decoded to its byte, '+' in a query to a space.</summary>
    internal static byte[] Decode(string encoded, bool plusIsSpace)
    {
        var output = new List<byte>(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c == '%' && i + 2 < encoded.Length &&
                byte.TryParse(encoded.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                output.Add(b);
                i += 2;
            }
            else if (c == '+' && plusIsSpace)
            {
                output.Add((byte)' ');
            }
            else
            {
                output.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        return [.. output];
    }
}

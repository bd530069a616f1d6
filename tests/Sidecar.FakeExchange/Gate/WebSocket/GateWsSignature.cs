namespace Sidecar.FakeExchange.Gate.WebSocket;

/// <summary>
/// Gate's WebSocket signatures, from its spot WebSocket docs ("Authentication", "Login"): hex(HMAC-SHA512(secret,
/// text)) where text is <c>channel=C&amp;event=E&amp;time=T</c> for a private subscription and
/// <c>"api\n" + C + "\n" + req_param + "\n" + timestamp</c> for a WebSocket API request, req_param being the raw JSON
/// the client sent (Gate's Go sample signs the <c>json.RawMessage</c> it sends) or "" when absent.
/// </summary>
internal static class GateWsSignature
{
    public static string SubscriptionText(string channel, string @event, long time) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"channel={channel}&event={@event}&time={time}");

    public static string ApiText(string channel, string requestParam, string timestamp) =>
        "api\n" + channel + "\n" + requestParam + "\n" + timestamp;

    public static string Sign(byte[] secret, string text) =>
        Convert.ToHexStringLower(HMACSHA512.HashData(secret, Encoding.UTF8.GetBytes(text)));

    public static bool Verify(byte[] secret, string text, string? signature)
    {
        if (signature is null || signature.Length != 128)
        {
            return false;
        }

        byte[] received;
        try
        {
            received = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(HMACSHA512.HashData(secret, Encoding.UTF8.GetBytes(text)), received);
    }
}

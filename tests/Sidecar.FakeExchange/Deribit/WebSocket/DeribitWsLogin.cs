using System.Collections.Concurrent;

namespace Sidecar.FakeExchange.Deribit.WebSocket;

/// <summary>
/// <c>public/auth</c> as the fake Deribit checks it, with its own code (docs.deribit.com, public/auth and
/// "Client Signature (WebSocket)"): grant <c>client_signature</c> (client_id, timestamp in ms, nonce, data, and
/// hex(HMAC-SHA256(secret, timestamp + "\n" + nonce + "\n" + data))), <c>client_credentials</c> (client_id and
/// client_secret in clear) or <c>refresh_token</c>. A login succeeds with the configured client id and a valid
/// signature made within 60 s (the HTTP rule, assumed here) with an unused nonce; it answers fresh tokens, which also
/// work as <c>access_token</c> params. Errors: 13004 invalid_credentials (unknown client id or secret), 13009
/// unauthorized (bad signature, stale timestamp, reused nonce, unknown refresh token), -32602 for a missing param.
/// </summary>
internal sealed class DeribitWsLogin(FakeDeribitOptions options)
{
    /// <summary>How long the fake's access tokens last: Deribit's default lifetime, 900 s.</summary>
    public const int ExpiresInSeconds = 900;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _usedNonces = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _issued = new();

    /// <summary>Every token this fake handed out: none may ever reach a bot through Sidecar.</summary>
    public IReadOnlyList<string> Issued => [.. _issued];

    public sealed record Outcome(JsonObject? Result, int? Code, string? Message, string? GrantType, string? ClientId, SignatureCheck Signature);

    public Outcome Login(JsonObject parameters)
    {
        var grant = Text(parameters, "grant_type");
        var clientId = Text(parameters, "client_id");
        switch (grant)
        {
            case "client_signature":
                var timestamp = Text(parameters, "timestamp");
                var signature = Text(parameters, "signature");
                var nonce = Text(parameters, "nonce") ?? "";
                var data = Text(parameters, "data") ?? "";
                if (clientId is null || timestamp is null)
                {
                    return new Outcome(null, -32602, "Invalid params", grant, clientId, SignatureCheck.Missing);
                }

                var check = string.IsNullOrEmpty(signature) ? SignatureCheck.Missing
                    : DeribitSignature.VerifyClientSignature(options.ClientSecret, timestamp, nonce, data, signature) ? SignatureCheck.Valid
                    : SignatureCheck.Invalid;
                if (clientId != options.ClientId)
                {
                    return new Outcome(null, 13004, "invalid_credentials", grant, clientId, check);
                }

                if (check != SignatureCheck.Valid || !Fresh(timestamp) || !_usedNonces.TryAdd(timestamp + "\n" + nonce, 0))
                {
                    return new Outcome(null, 13009, "unauthorized", grant, clientId, check);
                }

                return new Outcome(Tokens(), null, null, grant, clientId, check);
            case "client_credentials":
                var secret = Text(parameters, "client_secret");
                var matches = clientId == options.ClientId && secret is not null
                    && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(secret), options.ClientSecret);
                return matches
                    ? new Outcome(Tokens(), null, null, grant, clientId, SignatureCheck.NotRequired)
                    : new Outcome(null, 13004, "invalid_credentials", grant, clientId, SignatureCheck.NotRequired);
            case "refresh_token":
                return Text(parameters, "refresh_token") is { } refresh && _refreshTokens.TryRemove(refresh, out _)
                    ? new Outcome(Tokens(), null, null, grant, clientId, SignatureCheck.NotRequired)
                    : new Outcome(null, 13009, "unauthorized", grant, clientId, SignatureCheck.NotRequired);
            default:
                return new Outcome(null, -32602, "Invalid params", grant, clientId, SignatureCheck.NotRequired);
        }
    }

    /// <summary>True for an access token this fake issued that has not expired.</summary>
    public bool IsValidAccessToken(string token) => _accessTokens.TryGetValue(token, out var expires) && expires > DateTimeOffset.UtcNow;

    private static bool Fresh(string timestamp) =>
        long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
        && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - ms) <= (long)FakeDeribit.TimestampWindow.TotalMilliseconds;

    /// <summary>The answer of a successful login: Deribit's tokens look like "{ms}.{8 chars}.{random}".</summary>
    private JsonObject Tokens()
    {
        var access = NewToken();
        var refresh = NewToken();
        _accessTokens[access] = DateTimeOffset.UtcNow.AddSeconds(ExpiresInSeconds);
        _refreshTokens[refresh] = 0;
        _issued.Enqueue(access);
        _issued.Enqueue(refresh);
        return new JsonObject
        {
            ["access_token"] = access,
            ["expires_in"] = ExpiresInSeconds,
            ["refresh_token"] = refresh,
            ["scope"] = "connection mainaccount",
            ["enabled_features"] = new JsonArray(),
            ["token_type"] = "bearer",
        };
    }

    private static string NewToken() =>
        DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "."
        + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8) + "."
        + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", 64);

    /// <summary>A param as text: a string's value, a number as written; null when absent.</summary>
    internal static string? Text(JsonObject parameters, string name) => parameters[name] switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value => value.ToJsonString(),
        _ => null,
    };
}

using Sidecar.FakeExchange.Http;
using Sidecar.FakeExchange.Security;

namespace Sidecar.FakeExchange.Binance.WebSocket;

/// <summary>The verdict on a request's signature, the payload it was checked against, and whether a logged-on
/// session authorised the request instead.</summary>
internal readonly record struct WsVerdict(SignatureCheck Signature, string? Payload, bool BySession);

/// <summary>
/// Binance's request security for WebSocket API frames, with the fake's own key checks (<see cref="RequestAuthenticator"/>:
/// the same key, secret, Ed25519 public key and timing rule as REST). Check order as REST: apiKey (-1102 missing,
/// -2015 wrong, HTTP 401), signature present (-1102), timestamp present (-1102), signature valid (-1022), recvWindow
/// (-1102), timing (-1021).
/// </summary>
internal sealed class WsAuthenticator(RequestAuthenticator keys)
{
    private const string ApiKeyParameter = "apiKey";

    /// <summary>The signature verdict, computed for every signed method whatever else is wrong with the request, so the
    /// journal always says whether the signer got it right.</summary>
    public WsVerdict Inspect(WsRequest request, WsSecurity security, WsSession session)
    {
        if (security is WsSecurity.None or WsSecurity.UserStream or WsSecurity.LoggedOn)
        {
            return new WsVerdict(SignatureCheck.NotRequired, null, false);
        }

        if (security == WsSecurity.Signed && session.LoggedOnApiKey is not null &&
            !request.Has(ApiKeyParameter) && !request.Has(WsSignaturePayload.SignatureParameter))
        {
            return new WsVerdict(SignatureCheck.NotRequired, null, true);
        }

        string? signature = null;
        var count = 0;
        foreach (var parameter in request.Params)
        {
            if (parameter.Name == WsSignaturePayload.SignatureParameter)
            {
                signature = parameter.Value;
                count++;
            }
        }

        if (count == 0 || signature!.Length == 0)
        {
            return new WsVerdict(SignatureCheck.Missing, null, false);
        }

        var payload = WsSignaturePayload.Build(request.Params);
        if (count > 1 || payload is null)
        {
            return new WsVerdict(SignatureCheck.Invalid, payload, false);
        }

        // Only Ed25519 keys can log on (web-socket-api.md "Session Authentication"); an HMAC logon is refused as an
        // invalid signature, which is what clients report Binance answering.
        var valid = (security != WsSecurity.Logon || keys.IsEd25519) && keys.SignatureMatches(payload, signature);
        return new WsVerdict(valid ? SignatureCheck.Valid : SignatureCheck.Invalid, payload, false);
    }

    /// <summary>The error to answer, or null when the request may be processed.</summary>
    public BinanceError? Authenticate(RequestParameters parameters, WsSecurity security, WsSession session, WsVerdict verdict)
    {
        switch (security)
        {
            case WsSecurity.None:
                return null;
            case WsSecurity.LoggedOn:
                return session.LoggedOnApiKey is null ? WsErrors.NotLoggedOn : null;
            case WsSecurity.UserStream:
                return parameters.Get(ApiKeyParameter) is { } key
                    ? CheckApiKey(key)
                    : session.LoggedOnApiKey is null ? BinanceErrors.MandatoryParameter(ApiKeyParameter) : null;
        }

        if (!verdict.BySession)
        {
            if (parameters.Get(ApiKeyParameter) is not { Length: > 0 } key)
            {
                return BinanceErrors.MandatoryParameter(ApiKeyParameter);
            }

            if (CheckApiKey(key) is { } keyError)
            {
                return keyError;
            }

            if (verdict.Signature == SignatureCheck.Missing)
            {
                return BinanceErrors.MandatoryParameter(WsSignaturePayload.SignatureParameter);
            }
        }

        if (!parameters.TryGetLong("timestamp", out var timestamp, out var timestampError) || timestamp is null)
        {
            return timestampError ?? BinanceErrors.MandatoryParameter("timestamp");
        }

        if (!verdict.BySession && verdict.Signature != SignatureCheck.Valid)
        {
            return BinanceErrors.InvalidSignature;
        }

        return keys.CheckTiming(timestamp.Value, parameters.Get("recvWindow"));
    }

    private BinanceError? CheckApiKey(string key) =>
        keys.DescribeApiKey(key, 1) == ApiKeyStatus.Accepted ? null : BinanceErrors.ApiKeyRejected;
}

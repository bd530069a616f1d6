using Sidecar.FakeExchange.Routes;

namespace Sidecar.FakeExchange.Binance.WebSocket;

/// <summary>
/// <c>session.logon</c>, <c>session.status</c>, <c>session.logout</c> (spot "Authentication requests", USDⓈ-M
/// "WebSocket API Authenticate after connection"). Only an Ed25519 key can log on; afterwards signed requests may
/// leave out <c>apiKey</c> and <c>signature</c>. Spot answers also say whether a user data subscription is active.
/// </summary>
internal sealed class SessionMethods(ExchangeState state, bool reportsUserDataStream)
{
    public WsMethodTable Register(WsMethodTable table) => table
        .Add("session.logon", WsSecurity.Logon, Logon)
        .Add("session.status", WsSecurity.None, call => WsResult.Ok(Status(call.Session)))
        .Add("session.logout", WsSecurity.None, Logout);

    private WsResult Logon(WsCall call)
    {
        call.Session.LoggedOnApiKey = call.Parameters.Get("apiKey");
        call.Session.AuthorizedSince = state.Clock.NowMilliseconds;
        return WsResult.Ok(Status(call.Session));
    }

    private WsResult Logout(WsCall call)
    {
        var session = call.Session;
        session.LoggedOnApiKey = null;
        session.AuthorizedSince = null;

        // "session.logout will only close the subscription created with userDataStream.subscribe".
        var ended = session.SubscribedThroughLogon ? session.Unsubscribe() : null;
        return WsResult.Ok(Status(session), ended is { } id ? () => SpotUserDataMethods.Terminate(state, session, id) : null);
    }

    private JsonObject Status(WsSession session)
    {
        var status = new JsonObject
        {
            ["apiKey"] = session.LoggedOnApiKey,
            ["authorizedSince"] = session.AuthorizedSince,
            ["connectedSince"] = session.ConnectedSince,
            ["returnRateLimits"] = session.ReturnRateLimits,
            ["serverTime"] = state.Clock.NowMilliseconds,
        };
        if (reportsUserDataStream)
        {
            status["userDataStream"] = session.SubscriptionId is not null;
        }

        return status;
    }
}

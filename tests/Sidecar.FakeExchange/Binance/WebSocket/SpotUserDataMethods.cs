using Sidecar.FakeExchange.Routes;

namespace Sidecar.FakeExchange.Binance.WebSocket;

/// <summary>
/// Spot user data over the WebSocket API (web-socket-api.md "User Data Stream requests"; the listen-key methods
/// were retired on 2026-02-20). A subscription answers <c>{"subscriptionId":N}</c> and then carries the account's
/// events on the same connection; one subscription per account per connection (-2035 for a second).
/// </summary>
internal sealed class SpotUserDataMethods(ExchangeState state, UserDataHub hub)
{
    public WsMethodTable Register(WsMethodTable table) => table
        .Add("userDataStream.subscribe.signature", WsSecurity.SignedExplicit, call => Subscribe(call, throughLogon: false))
        .Add("userDataStream.subscribe", WsSecurity.LoggedOn, call => Subscribe(call, throughLogon: true))
        .Add("userDataStream.unsubscribe", WsSecurity.None, Unsubscribe)
        .Add("session.subscriptions", WsSecurity.None, call => WsResult.Ok(call.Session.SubscriptionId is { } id
            ? new JsonArray(new JsonObject { ["subscriptionId"] = id })
            : new JsonArray()));

    /// <summary>Pushes <c>eventStreamTerminated</c> for a subscription that ended (user-data-stream.md).</summary>
    public static Task Terminate(ExchangeState state, WsSession session, int subscriptionId)
    {
        session.Outbox.Send(WsJson.Event(subscriptionId, UserDataEvents.StreamTerminated(state.Clock.NowMilliseconds)));
        return Task.CompletedTask;
    }

    private WsResult Subscribe(WsCall call, bool throughLogon) =>
        call.Session.Subscribe(throughLogon) is { } id
            ? WsResult.Ok(new JsonObject { ["subscriptionId"] = id }, () => hub.PushSpotSnapshotAsync(call.Session))
            : WsResult.Fail(WsErrors.SubscriptionActive);

    /// <summary>No parameter: ends every subscription; <c>subscriptionId</c>: ends that one (-2036 when it is not active).</summary>
    private WsResult Unsubscribe(WsCall call)
    {
        if (!call.Parameters.TryGetLong("subscriptionId", out var requested, out var error))
        {
            return WsResult.Fail(error!);
        }

        var ended = call.Session.Unsubscribe(requested is null ? null : (int)Math.Min(requested.Value, int.MaxValue));
        if (requested is not null && ended is null)
        {
            return WsResult.Fail(WsErrors.SubscriptionInactive);
        }

        return WsResult.Ok(new JsonObject(), ended is { } id ? () => Terminate(state, call.Session, id) : null);
    }
}

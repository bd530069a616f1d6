namespace Sidecar.FakeExchange.Binance.WebSocket;

/// <summary>What a WebSocket API method asks of the caller (web-socket-api.md "Request security", "Session
/// Authentication").</summary>
internal enum WsSecurity
{
    /// <summary>NONE: public, or a session method that needs no key.</summary>
    None,

    /// <summary>USER_STREAM listen-key methods: the right <c>apiKey</c> (or a logged-on session), no signature.</summary>
    UserStream,

    /// <summary>TRADE / USER_DATA: <c>apiKey</c>, <c>timestamp</c> and <c>signature</c>; a logged-on session stands in for
    /// <c>apiKey</c> and <c>signature</c> when both are left out (<c>timestamp</c> stays mandatory).</summary>
    Signed,

    /// <summary>Signed, and the signature must be in the request itself (<c>userDataStream.subscribe.signature</c>).</summary>
    SignedExplicit,

    /// <summary><c>session.logon</c>: signed explicitly, and only an Ed25519 key can log on.</summary>
    Logon,

    /// <summary>Needs a session logged on with <c>session.logon</c> (<c>userDataStream.subscribe</c>).</summary>
    LoggedOn,
}

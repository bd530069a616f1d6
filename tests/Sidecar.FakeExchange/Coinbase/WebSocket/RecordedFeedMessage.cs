namespace Sidecar.FakeExchange.Coinbase.WebSocket;

/// <summary>One client message a fake Coinbase feed received, and how it judged it.</summary>
/// <param name="ConnectionId">The connection it came on (see <see cref="FeedConnectionInfo.Id"/>).</param>
/// <param name="Frame">The text message as received.</param>
/// <param name="Type">Its <c>type</c> (<c>subscribe</c>, <c>unsubscribe</c>), or null when it had none.</param>
/// <param name="Channels">The channels it named.</param>
/// <param name="ProductIds">The products it named (root <c>product_ids</c>).</param>
/// <param name="Key">The key the credentials named: the JWT's <c>kid</c> (Advanced Trade) or <c>key</c> (Exchange); null without credentials.</param>
/// <param name="Signature">The verdict on the credentials: NotRequired when none were sent for channels that need none.</param>
/// <param name="Error">The <c>message</c> of the error answered, or null when the message was accepted.</param>
public sealed record RecordedFeedMessage(
    long ConnectionId,
    string Frame,
    string? Type,
    IReadOnlyList<string> Channels,
    IReadOnlyList<string> ProductIds,
    string? Key,
    SignatureCheck Signature,
    string? Error);

/// <summary>A WebSocket connection a fake Coinbase feed accepted.</summary>
/// <param name="Id">Numbered from 1 in order of acceptance.</param>
/// <param name="Path">The upgrade request's path.</param>
/// <param name="RawTarget">The upgrade request's target exactly as received (a trailing '?' shows here).</param>
/// <param name="OfferedExtensions">The <c>Sec-WebSocket-Extensions</c> header the client sent, or null.</param>
public sealed record FeedConnectionInfo(long Id, string Path, string RawTarget, string? OfferedExtensions);

namespace Sidecar.FakeExchange.Deribit.WebSocket;

/// <summary>
/// One JSON-RPC request the fake Deribit's WebSocket API received, and what it answered. <see cref="ClientId"/>,
/// <see cref="GrantType"/> and <see cref="Signature"/> are set for <c>public/auth</c>; <see cref="Authorization"/> says
/// how a private method was allowed (<c>connection</c>: the connection logged in; <c>token</c>: a valid
/// <c>access_token</c> param; null: it was not).
/// </summary>
public sealed record RecordedDeribitFrame(
    long Connection,
    string Frame,
    string? Id,
    string? Method,
    string? GrantType,
    string? ClientId,
    SignatureCheck Signature,
    string? Authorization,
    int? ErrorCode,
    string? ErrorMessage)
{
    public bool Succeeded => ErrorCode is null;
}

using Sidecar.FakeExchange.Common;

namespace Sidecar.Tests.Conformance;

/// <summary>
/// A venue's fake checked against ccxt's own signer, with no Sidecar involved (its ccxt bot in direct mode holds the
/// secret): with the right secret every step passes and every signed call verifies; with a wrong one the fake answers
/// the exchange's own error. This is what makes the fake an independent judge of Sidecar's signatures. A
/// <see cref="ProxyVenue"/> row states it for the venues whose fakes ccxt drives over HTTP.
/// </summary>
public sealed record ProxyDirectSigning
{
    /// <summary>The ccxt bot under <c>tests/ccxt</c>.</summary>
    public required string Script { get; init; }

    /// <summary>The bot's environment prefix: <c>{prefix}_URL</c>, <c>_API_KEY</c>, <c>_SECRET</c> and <c>_PASSWORD</c>.</summary>
    public required string Env { get; init; }

    /// <summary>The venue's fake exchange with a fresh key, the HSM left alone.</summary>
    public required Func<Task<ProxyDirectAccount>> CreateAccountAsync { get; init; }

    /// <summary>A secret the fake must refuse, for this account.</summary>
    public required Func<ProxyDirectAccount, string> WrongSecret { get; init; }

    /// <summary>How many calls the fake verified as signed, each answered without an error code.</summary>
    public required int SignedCalls { get; init; }

    /// <summary>True: <see cref="SignedCalls"/> is a floor (ccxt's market loading varies), not the exact count.</summary>
    public bool SignedCallsAtLeast { get; init; }

    /// <summary>True: the fake answered every call 200.</summary>
    public bool Every200 { get; init; }

    /// <summary>Headers every signed call carries as the bot sent them.</summary>
    public IReadOnlyList<(string Name, string Value)> SignedCallHeaders { get; init; } = [];

    /// <summary>The exchange's own error, in the bot's output for a wrong secret.</summary>
    public required string WrongSecretError { get; init; }

    /// <summary>The error code the fake records on the call it refused as badly signed; null when not a signature check.</summary>
    public string? WrongSecretErrorCode { get; init; }
}

/// <summary>A fake exchange for <see cref="ProxyDirectSigning"/>: its address, key, secret, passphrase (if any) and records.</summary>
public sealed record ProxyDirectAccount(IAsyncDisposable Account, Uri Address, string ApiKey, string Secret, string? Passphrase, Func<IReadOnlyList<ExchangeRequest>> Requests) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Account.DisposeAsync();
}

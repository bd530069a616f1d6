using System.Text.Json.Nodes;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Conformance;

/// <summary>
/// One row of <see cref="CcxtWebSocketConformanceTests"/>: a venue's real ccxt pro bot (tests/ccxt/*-ws-bot.mjs) in
/// sidecar mode. The fakes record WebSocket frames each in their exchange's terms, so what the frames must show is
/// the row's <see cref="CcxtWebSocketRun.VenueChecks"/>; the test checks what every run must show.
/// </summary>
/// <param name="Name">The row's name (the venue, and where it has several runs, which).</param>
/// <param name="Bot">The script in tests/ccxt.</param>
/// <param name="Steps">The steps the bot reports, in order.</param>
/// <param name="StartAsync">Starts the fake exchange with a fresh account whose key is in the token.</param>
internal sealed record CcxtWebSocketVenue(
    string Name,
    string Bot,
    IReadOnlyList<string> Steps,
    Func<SoftHsmToken, Task<CcxtWebSocketRun>> StartAsync)
{
    /// <summary>Environment for the bot besides SIDECAR_MODE, SIDECAR_URL and SIDECAR_WS.</summary>
    public IReadOnlyDictionary<string, string> BotEnvironment { get; init; } = new Dictionary<string, string>();

    public override string ToString() => Name;
}

/// <summary>A started fake exchange and account for one <see cref="CcxtWebSocketVenue"/> run.</summary>
/// <param name="Account">Disposed after the run (stops the fake).</param>
/// <param name="Venues">The Sidecar venues to configure, REST and WebSocket.</param>
/// <param name="Requests">The REST requests the fake received, as <see cref="ExchangeRequest"/>s.</param>
/// <param name="Secrets">Values that never appear in Sidecar's output (the token PIN is always added).</param>
internal sealed record CcxtWebSocketRun(
    IAsyncDisposable Account,
    JsonObject Venues,
    Func<IReadOnlyList<ExchangeRequest>> Requests,
    IReadOnlyList<string> Secrets)
{
    /// <summary>Changes to the whole Sidecar configuration besides the venues (e.g. an audit log).</summary>
    public Action<JsonObject> Configure { get; init; } = _ => { };

    /// <summary>What only this venue's run must show, given the bot's result and the Sidecar it ran through.</summary>
    public Func<CcxtBot.Result, SidecarProcessUnderTest, Task> VenueChecks { get; init; } = (_, _) => Task.CompletedTask;
}

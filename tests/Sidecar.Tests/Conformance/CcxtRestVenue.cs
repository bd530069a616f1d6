using System.Text.Json.Nodes;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Conformance;

/// <summary>
/// One row of <see cref="CcxtRestConformanceTests"/>: a venue's real ccxt REST bot (tests/ccxt/*-bot.mjs) and what its
/// run through Sidecar must show at the fake exchange. The checks every row gets are in the test; what is only one
/// venue's is in <see cref="CcxtRestRun.VenueChecks"/>.
/// </summary>
/// <param name="Name">The row's name (the venue, and for Binance its key type and market).</param>
/// <param name="Bot">The script in tests/ccxt.</param>
/// <param name="StartAsync">Starts the fake exchange with a fresh account whose key is in the token.</param>
/// <param name="SignedRoutes">"METHOD /path" of every signed request (paths under <see cref="IdPaths"/> end in {id}).</param>
/// <param name="HostFragment">No request path may hold it (the real host never leaks into a path)…</param>
/// <param name="RoutePrefix">…nor start with Sidecar's route prefix (it is removed before forwarding).</param>
internal sealed record CcxtRestVenue(
    string Name,
    string Bot,
    Func<SoftHsmToken, Task<CcxtRestRun>> StartAsync,
    IReadOnlyList<string> SignedRoutes,
    string HostFragment,
    string RoutePrefix)
{
    public static readonly IReadOnlyList<string> StandardSteps = ["loadMarkets", "fetchBalance", "createOrder", "cancelOrder"];

    /// <summary>The steps the bot reports, in order.</summary>
    public IReadOnlyList<string> Steps { get; init; } = StandardSteps;

    /// <summary>Whether the signed requests come in <see cref="SignedRoutes"/>' order (ccxt runs some loadMarkets calls concurrently).</summary>
    public bool SignedInOrder { get; init; } = true;

    /// <summary>Path prefixes an order id follows; such a path is compared as prefix + "{id}".</summary>
    public IReadOnlyList<string> IdPaths { get; init; } = [];

    /// <summary>The HTTP statuses the fake may answer (every answer also without an error code).</summary>
    public IReadOnlyList<int> OkStatuses { get; init; } = [200];

    /// <summary>A public path the bot must call, unsigned.</summary>
    public string? PublicPath { get; init; }

    /// <summary>Whether unsigned requests may carry the key header (Binance's USER_STREAM calls take the key alone).</summary>
    public bool UnsignedMayCarryKey { get; init; }

    /// <summary>Environment for the bot besides SIDECAR_MODE and SIDECAR_URL.</summary>
    public IReadOnlyDictionary<string, string> BotEnvironment { get; init; } = new Dictionary<string, string>();

    public string Route(ExchangeRequest request)
    {
        var idPath = IdPaths.FirstOrDefault(p => request.Path.StartsWith(p, StringComparison.Ordinal) && request.Path.Length > p.Length);
        return request.Method + " " + (idPath is null ? request.Path : idPath + "{id}");
    }

    public override string ToString() => Name;
}

/// <summary>A started fake exchange and account for one <see cref="CcxtRestVenue"/> run.</summary>
/// <param name="Account">Disposed after the run (stops the fake).</param>
/// <param name="Venues">The Sidecar venues to configure.</param>
/// <param name="Requests">What the fake received, as <see cref="ExchangeRequest"/>s (headers by lower-case name).</param>
/// <param name="SignedHeaders">Headers every signed request carries, with their values (null: checked by <see cref="VenueChecks"/>);
/// the first is the key header.</param>
/// <param name="Secrets">Values that never appear in Sidecar's output (the token PIN is always added).</param>
internal sealed record CcxtRestRun(
    IAsyncDisposable Account,
    JsonObject Venues,
    Func<IReadOnlyList<ExchangeRequest>> Requests,
    IReadOnlyList<(string Name, string? Value)> SignedHeaders,
    IReadOnlyList<string> Secrets)
{
    /// <summary>What only this venue's run must show, given all requests and the signed ones in order.</summary>
    public Action<IReadOnlyList<ExchangeRequest>, IReadOnlyList<ExchangeRequest>> VenueChecks { get; init; } = (_, _) => { };
}

using System.Text.Json.Nodes;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Conformance;

/// <summary>
/// One venue's row in the proxy conformance suite (<see cref="ProxyConformanceTests"/>): the data that tells its
/// requests and answers apart from another venue's. Each venue states its row in its own test folder
/// (<c>EndToEnd/&lt;Venue&gt;/&lt;Venue&gt;ProxyCases.cs</c>); the checks are written once.
/// </summary>
public sealed record ProxyVenue
{
    /// <summary>The exchange's <c>Name</c> in <c>Sidecar.Signing.Exchanges.All</c>.</summary>
    public required string Exchange { get; init; }

    /// <summary>The venue's name in the sidecar's config, and so its path prefix.</summary>
    public required string Route { get; init; }

    /// <summary>The exchange's real host: the venue's host, which the proxyUrl (host) form names.</summary>
    public required string Host { get; init; }

    /// <summary>
    /// The venue's policy tests in <c>EndToEnd/Policy</c> (withdrawal spellings, order guards, profile read-only), which
    /// need two venues on one account and so a set-up of their own.
    /// </summary>
    public required Type PolicyTests { get; init; }

    /// <summary>Starts the venue's fake exchange with a fresh key in <c>token</c>.</summary>
    public required Func<SoftHsmToken, Task<ProxyAccount>> CreateAccountAsync { get; init; }

    /// <summary>Further venues (route, host) on the same account, as the exchange splits its API over hosts.</summary>
    public IReadOnlyList<(string Route, string Host)> MoreVenues { get; init; } = [];

    /// <summary>A signed account read, its target below the route prefix (GET, or POST when it has a body).</summary>
    public required ProxyRequest SignedRead { get; init; }

    /// <summary>The path the exchange sees for <see cref="SignedRead"/>.</summary>
    public required string ReadPath { get; init; }

    /// <summary>The raw query the exchange sees for <see cref="SignedRead"/> (the bot's, as sent).</summary>
    public required string ReadQuery { get; init; }

    /// <summary>
    /// Null when the exchange sees the bot's query exactly; otherwise the parameter the scheme appends to it (Binance
    /// signs in the query: <c>timestamp=</c>), which must follow the bot's own parameters.
    /// </summary>
    public string? AppendedToQuery { get; init; }

    /// <summary>Route forms beyond the three of <see cref="SignedRead"/> (say, to another of <see cref="MoreVenues"/>).</summary>
    public IReadOnlyList<ProxyRouteForm> MoreRouteForms { get; init; } = [];

    /// <summary>Public market data, sent with placeholder credentials that must not reach the exchange.</summary>
    public required ProxyPublicRead PublicRead { get; init; }

    /// <summary>Requests (full targets) whose body format the venue does not sign: 400 <c>bad_request</c>.</summary>
    public required IReadOnlyList<ProxyRequest> UnsignableBodies { get; init; }

    /// <summary>Withdrawals, transfers and key management (full targets) the default profile refuses.</summary>
    public IReadOnlyList<ProxyRequest> RefusedByDefaultProfile { get; init; } = [];

    /// <summary>An order (full target), sent before the log check so the logs hold an order's lines too.</summary>
    public ProxyRequest? Order { get; init; }

    /// <summary>The venue's order guards under test, on a second venue <c>guarded</c>; null if not tested here.</summary>
    public ProxyOrderGuards? Guards { get; init; }

    /// <summary>The venue's fake judged against ccxt's own signer over HTTP; null where no ccxt bot drives it so.</summary>
    public ProxyDirectSigning? DirectSigning { get; init; }

    /// <summary>Text besides the account's secrets that the logs must never hold.</summary>
    public IReadOnlyList<string> NeverLogged { get; init; } = [];

    /// <summary>Requests with the bot's own credentials, and what the exchange must see of them (<see cref="ProxyBotCredentialsTests"/>).</summary>
    public required IReadOnlyList<ProxyBotCredentials> BotCredentials { get; init; }

    /// <summary>The signed read in all its route forms: path prefix, proxyUrl host form and its percent-encoded form.</summary>
    public IReadOnlyList<ProxyRouteForm> RouteForms()
    {
        var url = $"https://{Host}{SignedRead.Target}";
        return
        [
            new($"/{Route}{SignedRead.Target}", ReadPath, ReadQuery),
            new($"/{url}", ReadPath, ReadQuery),
            new($"/{Uri.EscapeDataString(url)}", ReadPath, ReadQuery),
            .. MoreRouteForms,
        ];
    }

    public override string ToString() => Exchange;
}

/// <summary>A request: method, target, and a body of <paramref name="ContentType"/> (none when null).</summary>
public sealed record ProxyRequest(string Method, string Target, string? Body = null, string ContentType = "application/json")
{
    public static ProxyRequest Get(string target) => new("GET", target);

    public static ProxyRequest Post(string target, string body, string contentType = "application/json") => new("POST", target, body, contentType);

    public static ProxyRequest Form(string target, string body) => new("POST", target, body, "application/x-www-form-urlencoded");

    public HttpRequestMessage ToMessage(string? prefix = null)
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), prefix + Target);
        if (Body is not null)
        {
            message.Content = new StringContent(Body, System.Text.Encoding.UTF8);
            message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(ContentType);
        }

        return message;
    }
}

/// <summary>A target in one route form and what the exchange must see for it.</summary>
public sealed record ProxyRouteForm(string Target, string Path, string Query);

/// <summary>
/// Public market data: the target, what the exchange sees, the placeholder credentials a bot sends along, and the
/// prefixes of the (lower-case) header names none of which may reach the exchange.
/// </summary>
public sealed record ProxyPublicRead(string Target, string Path, string Query, IReadOnlyList<(string Name, string Value)> Placeholders, IReadOnlyList<string> CredentialHeaders);

/// <summary>
/// Order guards (<c>Symbols</c> = [<paramref name="Symbol"/>], <c>MaxOrderNotional</c> 1000, limit orders only) on the
/// order endpoint <paramref name="OrderPath"/>: an allowed order, one over the notional and one in another symbol.
/// </summary>
public sealed record ProxyOrderGuards(string OrderPath, string Symbol, string Allowed, string OverNotional, string OtherSymbol);

/// <summary>A venue's fake exchange with its key in the HSM, as the suite sees it.</summary>
public sealed class ProxyAccount(
    IAsyncDisposable account,
    Func<IReadOnlyList<ExchangeRequest>> requests,
    Func<string, JsonObject> venue,
    IReadOnlyList<string> secrets) : IAsyncDisposable
{
    /// <summary>The venue's own account fixture (its fake exchange, key and secrets).</summary>
    public object Inner { get; } = account;

    /// <summary>What the exchange has received, each with its own signature check.</summary>
    public IReadOnlyList<ExchangeRequest> Requests => requests();

    /// <summary>The secrets (and the full API key) the logs must never hold; none empty.</summary>
    public IReadOnlyList<string> Secrets { get; } = secrets;

    /// <summary>
    /// How a row starts its venue's account: <paramref name="create"/> the fixture, then read its requests, its venue
    /// config for a host, and its secrets off it.
    /// </summary>
    public static Func<SoftHsmToken, Task<ProxyAccount>> Start<TAccount>(
        Func<SoftHsmToken, Task<TAccount>> create,
        Func<TAccount, IReadOnlyList<ExchangeRequest>> requests,
        Func<TAccount, string, JsonObject> venue,
        Func<TAccount, IReadOnlyList<string>> secrets)
        where TAccount : IAsyncDisposable =>
        async token =>
        {
            var account = await create(token);
            return new ProxyAccount(account, () => requests(account), host => venue(account, host), secrets(account));
        };

    /// <summary>The venue's config (scheme, upstream, key) for one host, without a policy.</summary>
    public JsonObject Venue(string host) => venue(host);

    public ValueTask DisposeAsync() => account.DisposeAsync();
}

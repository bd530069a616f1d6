using Sidecar.Signing;
using Sidecar.Signing.Policy;

namespace Sidecar.Tests.Conformance;

/// <summary>
/// One signing scheme's conformance data: the rows the shared suites (<see cref="SigningAllocationConformance"/>,
/// <see cref="SigningKnownAnswerConformance"/>, <see cref="SigningPolicyConformance"/>) run for it. Each venue keeps
/// its rows in its own test folder (<c>Signing/&lt;Venue&gt;/&lt;Venue&gt;Conformance.cs</c>) and registers them in
/// <see cref="SigningConformanceTables"/>; <c>SchemeProperties.Every_scheme_is_covered</c> fails, naming the
/// scheme, when a registered scheme has no rows of a kind.
/// </summary>
internal sealed record SchemeConformance(string Scheme)
{
    /// <summary>Requests that, once the buffers are warm, must sign with 0 B allocated on the managed heap.</summary>
    public IReadOnlyList<AllocationCase> Allocation { get; init; } = [];

    /// <summary>Published (or independently computed) signatures, signed inside SoftHSM2.</summary>
    public IReadOnlyList<KnownAnswer> KnownAnswers { get; init; } = [];

    /// <summary>What the endpoint table calls each documented endpoint.</summary>
    public IReadOnlyList<CatalogRow> Catalog { get; init; } = [];

    /// <summary>Exactly the body formats the scheme signs; every other one is refused.</summary>
    public IReadOnlyList<BodyFormat> AcceptedFormats { get; init; } = [];

    /// <summary>What the order guards read from requests: the orders, or that they cannot judge it, or that it places none, or a format error.</summary>
    public IReadOnlyList<OrderRow> OrderReads { get; init; } = [];

    /// <summary>What the scheme does with requests before the HSM: passes public ones through, signs the rest, refuses what it cannot sign as sent.</summary>
    public IReadOnlyList<AccessRow> Access { get; init; } = [];

    /// <summary>The venue's credentials for <see cref="Access"/> rows (keys in memory, counting their signatures).</summary>
    public ConformanceCredentials VenueCredentials { get; init; } = new("venue-api-key");

    /// <summary>The venue's exchange host for <see cref="Access"/> rows whose request names none.</summary>
    public string Host { get; init; } = "";

    /// <summary>What the scheme declares: its key's algorithm, the credential headers (bot values line up with them), parameters, passphrase and nonces.</summary>
    public SchemeDeclaration? Declares { get; init; }

    /// <summary>What the bot sent in the credential headers: well-formed values kept and signed, malformed ones replaced by Sidecar's, credentials always replaced.</summary>
    public IReadOnlyList<BotValueRow> BotValues { get; init; } = [];

    /// <summary>The in-memory key <see cref="BotValues"/> rows sign with, and the documented formula that checks them.</summary>
    public BotValueSigning? BotValueSigning { get; init; }

    public override string ToString() => Scheme;
}

/// <summary>A request as the bot sends it (bot values are what it put in the scheme's credential headers).</summary>
internal sealed record ConformanceRequest(string Method, string Path, string Query = "", string Body = "", BodyFormat Format = BodyFormat.None)
{
    public string Host { get; init; } = "";

    /// <summary>The values the bot sent in the scheme's <see cref="SigningScheme.CredentialHeaders"/>, in order.</summary>
    public string?[] BotValues { get; init; } = [];

    public override string ToString()
    {
        var shape = $"{Method} {Path}{(Query.Length > 0 ? "?" + Query : "")} {(Body.Length > 0 ? Format.ToString() : "")}".TrimEnd();
        return BotValues.Length > 0 ? shape + " (bot values)" : shape;
    }
}

/// <summary>The venue's credentials around the key: API key id, passphrase, and a nonce counter's lease when the scheme draws nonces.</summary>
internal sealed record ConformanceCredentials(string ApiKey = "api-key", string? Passphrase = null, long? NonceLease = null);

/// <summary>One zero-allocation case: the request, signed 1,050 times, with or without session copies of the key.</summary>
internal sealed record AllocationCase(ConformanceRequest Request, bool SessionKeyCopies)
{
    public ConformanceCredentials Credentials { get; init; } = new();

    public override string ToString() => $"{Request}, {(SessionKeyCopies ? "session key copies" : "token key")}";

    /// <summary>The request with and without the bot's own values, each with session key copies and with the token's key.</summary>
    public static AllocationCase[] WithAndWithoutBotValues(ConformanceRequest request, string?[] botValues, ConformanceCredentials? credentials = null)
    {
        var given = credentials ?? new();
        var withValues = request with { BotValues = botValues };
        return
        [
            new(request, SessionKeyCopies: true) { Credentials = given },
            new(request, SessionKeyCopies: false) { Credentials = given },
            new(withValues, SessionKeyCopies: true) { Credentials = given },
            new(withValues, SessionKeyCopies: false) { Credentials = given },
        ];
    }

    /// <summary>A read and an order, each with session key copies and with the token's key, then each once with the bot's own values.</summary>
    public static AllocationCase[] GetAndPost(ConformanceRequest get, ConformanceRequest post, string?[] botValues, ConformanceCredentials credentials) =>
    [
        new(get, SessionKeyCopies: true) { Credentials = credentials },
        new(get, SessionKeyCopies: false) { Credentials = credentials },
        new(post, SessionKeyCopies: true) { Credentials = credentials },
        new(post, SessionKeyCopies: false) { Credentials = credentials },
        new(get with { BotValues = botValues }, SessionKeyCopies: false) { Credentials = credentials },
        new(post with { BotValues = botValues }, SessionKeyCopies: true) { Credentials = credentials },
    ];
}

/// <summary>How one documented endpoint is classified.</summary>
internal sealed record CatalogRow(string Method, string Path, EndpointCategory Category)
{
    /// <summary>A venue's catalog rows, listed by category, each endpoint as "METHOD /path".</summary>
    public static CatalogRow[] Of(
        string[]? withdrawal = null, string[]? transfer = null, string[]? subAccount = null, string[]? apiKeyManagement = null,
        string[]? read = null, string[]? trade = null, string[]? unknown = null)
    {
        var rows = new List<CatalogRow>();
        void Add(string[]? endpoints, EndpointCategory category)
        {
            foreach (var endpoint in endpoints ?? [])
            {
                var (method, path) = Split(endpoint);
                rows.Add(new(method, path, category));
            }
        }

        Add(withdrawal, EndpointCategory.Withdrawal);
        Add(transfer, EndpointCategory.Transfer);
        Add(subAccount, EndpointCategory.SubAccount);
        Add(apiKeyManagement, EndpointCategory.ApiKeyManagement);
        Add(read, EndpointCategory.Read);
        Add(trade, EndpointCategory.Trade);
        Add(unknown, EndpointCategory.Unknown);
        return [.. rows];
    }

    /// <summary>"METHOD /path" taken apart.</summary>
    public static (string Method, string Path) Split(string endpoint)
    {
        var space = endpoint.IndexOf(' ', StringComparison.Ordinal);
        return (endpoint[..space], endpoint[(space + 1)..]);
    }

    public override string ToString() => $"{Method} {Path} is {Category}";
}

/// <summary>
/// One known-answer vector: a request signed inside SoftHSM2 through the scheme exactly as the proxy does, and what
/// the forwarded request must then be. Expected values come from the exchange's docs where it publishes them
/// (<see cref="Headers"/>, <see cref="Query"/>, <see cref="Body"/>), otherwise from an independent implementation of
/// the documented formula (<see cref="Reference"/>) or an independent verifier (<see cref="Verify"/>); the
/// <see cref="Source"/> says which.
/// </summary>
internal sealed record KnownAnswer(string Source, ConformanceRequest Request, long UnixTimeMilliseconds)
{
    /// <summary>The secret the token holds; null for a key pair generated in the token (asymmetric schemes).</summary>
    public byte[]? Secret { get; init; }

    public ConformanceCredentials Credentials { get; init; } = new();

    /// <summary>The forwarded query; null when it must be the query as sent.</summary>
    public string? Query { get; init; }

    /// <summary>The forwarded body; null when it must be the body as sent.</summary>
    public string? Body { get; init; }

    /// <summary>True when the body carries a signature no vector can predict (a key generated in the token): <see cref="Verify"/> checks it.</summary>
    public bool BodyCarriesSignature { get; init; }

    /// <summary>Every header of the signed request, by name, in order; null to leave names and order unchecked.</summary>
    public IReadOnlyList<string>? HeaderNames { get; init; }

    /// <summary>Header values from the docs, exactly.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Header values computed independently (System.Security.Cryptography over the documented formula) from the secret and what was signed.</summary>
    public Func<KnownAnswerSigned, IReadOnlyDictionary<string, string>>? Reference { get; init; }

    /// <summary>An independent verifier of the signed request: null when it verifies, else what is wrong.</summary>
    public Func<KnownAnswerSigned, string?>? Verify { get; init; }

    /// <summary>The header that carries the signature; null when it is the <c>signature=</c> parameter.</summary>
    public string? SignatureHeader { get; init; }

    /// <summary>A one-byte change to the query or body, which must change the signature (and still match <see cref="Reference"/>).</summary>
    public (string From, string To)? Mutation { get; init; }

    /// <summary>How the vector is signed when not through <see cref="SigningScheme.Sign"/> (e.g. a public endpoint's docs example).</summary>
    public SignStep? Sign { get; init; }

    public override string ToString() => $"{Source}: {Request}";
}

/// <summary>A signing step other than <see cref="SigningScheme.Sign"/>.</summary>
internal delegate SignOutcome SignStep(SigningScheme scheme, scoped in SigningInput input, VenueCredentials credentials, SignedRequest output);

/// <summary>What a known-answer vector signed: the request as sent, and the forwarded query, body and headers.</summary>
internal sealed record KnownAnswerSigned(ConformanceRequest Request, byte[]? Secret, string? PublicKeyPem, string Query, string Body, IReadOnlyList<KeyValuePair<string, string>> HeaderList)
{
    public string Header(string name)
    {
        foreach (var (key, value) in HeaderList)
        {
            if (key == name)
            {
                return value;
            }
        }

        throw new KeyNotFoundException($"The signed request has no {name} header.");
    }
}

/// <summary>What reading a request's orders must give.</summary>
internal enum OrderOutcome
{
    /// <summary>Exactly <see cref="OrderRow.Orders"/>, every field.</summary>
    Orders,

    /// <summary>It places orders the guards cannot judge: refused under order guards, with a reason.</summary>
    Unreadable,

    /// <summary>It places no order (cancels, reads, account changes).</summary>
    NoOrder,

    /// <summary>A malformed order: <see cref="FormatException"/>, which the proxy answers with 400.</summary>
    FormatError,
}

/// <summary>One request the order guards read, and what they must read from it.</summary>
internal sealed record OrderRow(ConformanceRequest Request, OrderOutcome Outcome)
{
    public IReadOnlyList<Sidecar.Signing.Policy.OrderFields> Orders { get; init; } = [];

    public static OrderRow Of(ConformanceRequest request, params Sidecar.Signing.Policy.OrderFields[] orders) => new(request, OrderOutcome.Orders) { Orders = orders };

    public static OrderRow Unreadable(ConformanceRequest request) => new(request, OrderOutcome.Unreadable);

    public static OrderRow NoOrder(ConformanceRequest request) => new(request, OrderOutcome.NoOrder);

    public static OrderRow Malformed(ConformanceRequest request) => new(request, OrderOutcome.FormatError);

    public override string ToString() => $"{Outcome}: {Request} {Request.Body}".TrimEnd();
}

/// <summary>What the scheme does with a request before the HSM.</summary>
internal enum AccessOutcome
{
    /// <summary>A public endpoint: forwarded unsigned, with no credential header, the HSM not called, no nonce drawn.</summary>
    PassesThrough,

    /// <summary>The endpoint table says it is signed, and it is: one HSM signature.</summary>
    Signed,

    /// <summary>Refused with a reason, the HSM not called, no nonce drawn, no header set.</summary>
    Rejected,
}

/// <summary>One request and what the scheme does with it before the HSM.</summary>
internal sealed record AccessRow(ConformanceRequest Request, AccessOutcome Outcome)
{
    /// <summary>For <see cref="AccessOutcome.Rejected"/>: what the reason must say, when it says something specific.</summary>
    public string? ErrorContains { get; init; }

    /// <summary>For <see cref="AccessOutcome.Rejected"/>: whether no header was set (false where a scheme sets its API-key header before judging the body; a refused request is never forwarded).</summary>
    public bool LeavesNoHeader { get; init; } = true;

    /// <summary>Public endpoints, each asked for with <paramref name="query"/>.</summary>
    public static AccessRow[] Public(string method, string query, params string[] paths) =>
        [.. paths.Select(path => new AccessRow(new(method, path, Query: query), AccessOutcome.PassesThrough))];

    /// <summary>Signed endpoints, each "METHOD /path", asked for without a body.</summary>
    public static AccessRow[] Signed(params string[] endpoints) =>
        [.. endpoints.Select(endpoint => CatalogRow.Split(endpoint)).Select(e => new AccessRow(new(e.Method, e.Path), AccessOutcome.Signed))];

    /// <summary>Signed endpoints, each asked for with the same body.</summary>
    public static AccessRow[] SignedWithBody(string method, string body, BodyFormat format, params string[] paths) =>
        [.. paths.Select(path => new AccessRow(new(method, path, Body: body, Format: format), AccessOutcome.Signed))];

    public static AccessRow Rejected(ConformanceRequest request, string? saying = null) => new(request, AccessOutcome.Rejected) { ErrorContains = saying };

    public override string ToString() => $"{Outcome}: {Request} {Request.Body}".TrimEnd();
}

/// <summary>
/// A key for <see cref="SchemeConformance.BotValues"/> rows and the exchange's documented signature over the signed
/// text, computed independently (<see cref="Reference"/>), which the header <see cref="SignatureHeader"/> must carry.
/// </summary>
internal sealed record BotValueSigning(byte[] Secret, SignatureAlgorithm Algorithm, string SignatureHeader, Func<string, string> Reference);

/// <summary>One request with the bot's own credential header values, and what the signed request must carry.</summary>
internal sealed record BotValueRow(string Case, ConformanceRequest Request, long Now)
{
    /// <summary>Header values, exactly (the kept or replaced value, the venue's key and passphrase …).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Exactly the bytes given to the HSM (as text); the signature header must be <see cref="BotValueSigning.Reference"/> of it.</summary>
    public required string SignedText { get; init; }

    /// <summary>Header names (prefixes) the signed request must not carry: the bot's values for them are removed.</summary>
    public IReadOnlyList<string> AbsentHeaders { get; init; } = [];

    public override string ToString() => $"{Case}: {Request}";
}

/// <summary>What a scheme declares about itself, as the host and the key resolution rely on it.</summary>
internal sealed record SchemeDeclaration(SignatureAlgorithm Algorithm, IReadOnlyList<string> CredentialHeaders)
{
    public IReadOnlyList<string> CredentialParameters { get; init; } = [];

    public bool RequiresPassphrase { get; init; }

    public bool UsesNonces { get; init; }
}

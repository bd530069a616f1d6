using System.Net;
using System.Text.Json;
using Sidecar.FakeExchange.Common;

namespace Sidecar.Tests.Conformance;

/// <summary>
/// One case of <see cref="ProxyBotCredentialsTests"/>: a bot sends a request with credentials of its own (placeholder
/// keys, signatures, timestamps, nonces, passphrases) or none, and the exchange must see it signed with the account's,
/// with what the row says of each header, and of the path, query and body where it says. Each venue states its cases in its own test folder (<c>EndToEnd/&lt;Venue&gt;/&lt;Venue&gt;ProxyCases.cs</c>,
/// <c>BotCredentials</c>).
/// </summary>
/// <param name="Case">The case's name, unique within its venue (the theory row's second column).</param>
/// <param name="Send">What the bot sends, made when the test runs (timestamps are "now").</param>
/// <param name="Seen">What the exchange must see of each header, by lower-case name.</param>
public sealed record ProxyBotCredentials(string Case, Func<ProxyBotRequest> Send, IReadOnlyList<ProxyHeaderSeen> Seen)
{
    /// <summary>The status the bot gets (the exchange's).</summary>
    public HttpStatusCode Status { get; init; } = HttpStatusCode.OK;

    /// <summary>The path the exchange sees; null: not checked.</summary>
    public string? Path { get; init; }

    /// <summary>The raw query the exchange sees; null: not checked.</summary>
    public string? Query { get; init; }

    /// <summary>Whether the exchange must see the bot's body byte for byte.</summary>
    public bool BodyAsSent { get; init; }

    /// <summary>A regular expression the body the exchange sees must match (a nonce added to a form); null: not checked.</summary>
    public string? BodyPattern { get; init; }

    /// <summary>Checks on the exchange's JSON answer as the bot gets it; null: not checked.</summary>
    public Action<JsonElement>? Answer { get; init; }

    /// <summary>The venue's own checks on what the exchange saw beyond its headers (a query, a body, a parsed header).</summary>
    public Action<ExchangeRequest, ProxyBotRequest, object>? Then { get; init; }

    /// <summary>A <see cref="Then"/> on the venue's own account fixture (<see cref="ProxyAccount.Inner"/>).</summary>
    public static Action<ExchangeRequest, ProxyBotRequest, object> On<TAccount>(Action<ExchangeRequest, ProxyBotRequest, TAccount> then) =>
        (seen, sent, account) => then(seen, sent, (TAccount)account);

    public override string ToString() => Case;
}

/// <summary>A bot's request (full target) and the headers it adds, as sent.</summary>
public sealed record ProxyBotRequest(ProxyRequest Request, IReadOnlyList<(string Name, string Value)> Headers)
{
    /// <summary>The value the bot sent for header <paramref name="name"/> (any case).</summary>
    public string Sent(string name) => Headers.Single(header => string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>A request with no credentials of the bot's: the sidecar adds them all.</summary>
    public static Func<ProxyBotRequest> Unsigned(ProxyRequest request) => () => new(request, []);

    public HttpRequestMessage ToMessage()
    {
        var message = Request.ToMessage();
        foreach (var (name, value) in Headers)
        {
            Assert.True(message.Headers.TryAddWithoutValidation(name, value), name);
        }

        return message;
    }
}

/// <summary>How the exchange must see one header.</summary>
public enum ProxyHeaderCheck
{
    /// <summary>Equal to the account's value (its API key, its passphrase).</summary>
    Account,

    /// <summary>Equal to what the bot sent.</summary>
    AsSent,

    /// <summary>Present and not what the bot sent.</summary>
    NotAsSent,

    /// <summary>Present and without the text (the bot's placeholder).</summary>
    Lacks,

    /// <summary>Not there at all.</summary>
    Absent,

    /// <summary>No header whose name starts with it is there.</summary>
    NoneStartingWith,

    /// <summary>Equal to the text.</summary>
    Equal,

    /// <summary>Matching the regular expression.</summary>
    Matches,
}

/// <summary>What the exchange must see of the (lower-case) <paramref name="Header"/>.</summary>
public sealed record ProxyHeaderSeen(string Header, ProxyHeaderCheck Check, string? Text = null, Func<object, string>? FromAccount = null)
{
    public static ProxyHeaderSeen Account<TAccount>(string header, Func<TAccount, string> value) =>
        new(header, ProxyHeaderCheck.Account, FromAccount: account => value((TAccount)account));

    public static ProxyHeaderSeen AsSent(string header) => new(header, ProxyHeaderCheck.AsSent);

    public static ProxyHeaderSeen NotAsSent(string header) => new(header, ProxyHeaderCheck.NotAsSent);

    public static ProxyHeaderSeen Lacks(string header, string text) => new(header, ProxyHeaderCheck.Lacks, text);

    public static ProxyHeaderSeen Absent(string header) => new(header, ProxyHeaderCheck.Absent);

    public static ProxyHeaderSeen NoneStartingWith(string prefix) => new(prefix, ProxyHeaderCheck.NoneStartingWith);

    public static ProxyHeaderSeen Equal(string header, string text) => new(header, ProxyHeaderCheck.Equal, text);

    public static ProxyHeaderSeen Matches(string header, string pattern) => new(header, ProxyHeaderCheck.Matches, pattern);

    public void AssertOn(ExchangeRequest seen, ProxyBotRequest sent, object account)
    {
        switch (Check)
        {
            case ProxyHeaderCheck.Account:
                Assert.Equal(FromAccount!(account), seen.Headers[Header]);
                break;
            case ProxyHeaderCheck.AsSent:
                Assert.Equal(sent.Sent(Header), seen.Headers[Header]);
                break;
            case ProxyHeaderCheck.NotAsSent:
                Assert.NotEqual(sent.Sent(Header), seen.Headers[Header]);
                break;
            case ProxyHeaderCheck.Lacks:
                Assert.DoesNotContain(Text!, seen.Headers[Header], StringComparison.Ordinal);
                break;
            case ProxyHeaderCheck.Absent:
                Assert.False(seen.Headers.ContainsKey(Header), Header);
                break;
            case ProxyHeaderCheck.NoneStartingWith:
                Assert.DoesNotContain(seen.Headers.Keys, name => name.StartsWith(Header, StringComparison.Ordinal));
                break;
            case ProxyHeaderCheck.Equal:
                Assert.Equal(Text, seen.Headers[Header]);
                break;
            case ProxyHeaderCheck.Matches:
                Assert.Matches(Text!, seen.Headers[Header]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(Check), Check, null);
        }
    }

    public override string ToString() => $"{Header} {Check}";
}

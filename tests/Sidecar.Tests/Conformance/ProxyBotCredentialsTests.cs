using System.Text.Json;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Conformance;

/// <summary>
/// Bots send requests unsigned, or with credentials of their own (ccxt fills in placeholders, some bots sign
/// themselves): the real proxy, in front of each venue's fake exchange, adds or replaces what the account owns (key,
/// signature, passphrase), keeps what the bot may choose and spelled well (a fresh timestamp, nonce, expiry, receive
/// window) and replaces what it spelled badly, forwards path, query and body as sent, and the exchange verifies the
/// signature with its own code. Each venue's cases are data in its folder (its row's <c>BotCredentials</c>).
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class ProxyBotCredentialsTests(SoftHsmToken token)
{
    public static TheoryData<string, string> Cases
    {
        get
        {
            var rows = new TheoryData<string, string>();
            foreach (var venue in ProxyConformanceTable.All)
            {
                foreach (var row in venue.BotCredentials)
                {
                    rows.Add(venue.Exchange, row.Case);
                }
            }

            return rows;
        }
    }

    [Fact]
    public void Every_venue_has_bot_credential_cases_and_their_names_are_unique()
    {
        Assert.All(ProxyConformanceTable.All, venue =>
        {
            Assert.NotEmpty(venue.BotCredentials);
            Assert.Equal(venue.BotCredentials.Count, venue.BotCredentials.Select(row => row.Case).Distinct(StringComparer.Ordinal).Count());
        });
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bot_request_reaches_the_exchange_signed_with_the_accounts_credentials(string exchange, string @case)
    {
        var venue = ProxyConformanceTable.Find(exchange);
        var row = venue.BotCredentials.Single(row => row.Case == @case);
        await using var run = await ProxyRun.StartAsync(token, venue);
        var sent = row.Send();

        using var request = sent.ToMessage();
        using var response = await run.Sidecar.Client.SendAsync(request);

        Assert.Equal(row.Status, response.StatusCode);
        var seen = Assert.Single(run.Account.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        if (row.Path is { } path)
        {
            Assert.Equal(path, seen.Path);
        }

        if (row.Query is { } query)
        {
            Assert.Equal(query, seen.RawQuery);
        }

        if (row.BodyAsSent)
        {
            Assert.Equal(sent.Request.Body, seen.Body);
        }

        if (row.BodyPattern is { } pattern)
        {
            Assert.Matches(pattern, seen.Body);
        }

        if (row.Answer is { } answer)
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            answer(body.RootElement);
        }

        foreach (var header in row.Seen)
        {
            header.AssertOn(seen, sent, run.Account.Inner);
        }

        row.Then?.Invoke(seen, sent, run.Account.Inner);
    }
}

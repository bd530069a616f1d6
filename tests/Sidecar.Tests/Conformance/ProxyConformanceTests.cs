using System.Net;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Conformance;

/// <summary>
/// The promises the real proxy (Kestrel on loopback) keeps for every registered venue, in front of that venue's fake
/// exchange, which verifies every signature with its own code from the exchange's docs: a signed read reaches the
/// exchange signed in every route form, public data passes without credentials, a body the venue does not sign is
/// refused, the default profile refuses withdrawals, the order guards refuse before signing, and the logs hold no
/// secret. Each venue's data is its <see cref="ProxyVenue"/> row in <see cref="ProxyConformanceTable"/>.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class ProxyConformanceTests(SoftHsmToken token)
{
    public static TheoryData<string, string> RouteForms => Rows(venue => venue.RouteForms().Select(form => form.Target));

    public static TheoryData<string> Venues => [.. ProxyConformanceTable.All.Select(venue => venue.Exchange)];

    public static TheoryData<string, string> UnsignableBodies => Rows(venue => venue.UnsignableBodies.Select(request => request.Target + " " + request.ContentType));

    public static TheoryData<string, string> RefusedByDefaultProfile => Rows(venue => venue.RefusedByDefaultProfile.Select(request => request.Target));

    public static TheoryData<string> GuardedVenues => [.. ProxyConformanceTable.All.Where(venue => venue.Guards is not null).Select(venue => venue.Exchange)];

    [Fact]
    public void Every_registered_exchange_has_a_row_and_no_row_is_for_an_unknown_one()
    {
        Assert.Equal(
            Exchanges.All.Select(exchange => exchange.Name).Order(StringComparer.Ordinal),
            ProxyConformanceTable.All.Select(venue => venue.Exchange).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Venues))]
    public void Every_venue_has_a_policy_suite(string exchange)
    {
        var tests = ProxyConformanceTable.Find(exchange).PolicyTests;

        Assert.Equal("Sidecar.Tests.EndToEnd.Policy", tests.Namespace);
        Assert.Contains(tests.GetMethods(), method => method.IsDefined(typeof(FactAttribute), inherit: true));
        Assert.Contains(tests.GetMethods(), method => method.IsDefined(typeof(TheoryAttribute), inherit: true) && method.Name.Contains("Withdrawal", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RouteForms))]
    public async Task A_signed_read_in_every_route_form_reaches_the_upstream_path_signed(string exchange, string target)
    {
        var venue = ProxyConformanceTable.Find(exchange);
        var form = venue.RouteForms().Single(form => form.Target == target);
        await using var run = await StartAsync(venue);

        using var request = (venue.SignedRead with { Target = target }).ToMessage();
        using var response = await run.Sidecar.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(run.Account.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(form.Path, seen.Path);
        if (venue.AppendedToQuery is { } appended)
        {
            Assert.StartsWith(form.Query.Length == 0 ? appended : $"{form.Query}&{appended}", seen.RawQuery, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(form.Query, seen.RawQuery);
        }
    }

    [Theory]
    [MemberData(nameof(Venues))]
    public async Task Public_market_data_passes_through_without_credentials(string exchange)
    {
        var venue = ProxyConformanceTable.Find(exchange);
        var read = venue.PublicRead;
        await using var run = await StartAsync(venue);
        using var request = new HttpRequestMessage(HttpMethod.Get, read.Target);
        foreach (var (name, value) in read.Placeholders)
        {
            Assert.True(request.Headers.TryAddWithoutValidation(name, value));
        }

        using var response = await run.Sidecar.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(run.Account.Requests);
        Assert.Equal(SignatureCheck.NotRequired, seen.Signature);
        Assert.Equal(read.Path, seen.Path);
        Assert.Equal(read.Query, seen.RawQuery);
        Assert.DoesNotContain(seen.Headers.Keys, name => read.CredentialHeaders.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)));
    }

    [Theory]
    [MemberData(nameof(UnsignableBodies))]
    public async Task A_body_format_the_venue_does_not_sign_is_refused_and_nothing_is_forwarded(string exchange, string request)
    {
        var venue = ProxyConformanceTable.Find(exchange);
        await AssertRefusedAsync(venue, venue.UnsignableBodies.Single(row => row.Target + " " + row.ContentType == request), 400, "bad_request");
    }

    [Theory]
    [MemberData(nameof(RefusedByDefaultProfile))]
    public async Task Withdrawals_transfers_and_key_management_are_refused_unsigned_by_the_default_profile(string exchange, string target)
    {
        var venue = ProxyConformanceTable.Find(exchange);
        await AssertRefusedAsync(venue, venue.RefusedByDefaultProfile.Single(row => row.Target == target), 403, "policy_denied");
    }

    [Theory]
    [MemberData(nameof(GuardedVenues))]
    public async Task Order_guards_read_the_order_and_refuse_before_signing(string exchange)
    {
        var venue = ProxyConformanceTable.Find(exchange);
        var guards = venue.Guards!;
        await using var run = await StartAsync(venue);
        var target = $"/{ProxyRun.GuardedRoute}{guards.OrderPath}";

        using var allowed = await SendAsync(run, ProxyRequest.Post(target, guards.Allowed));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(SignatureCheck.Valid, Assert.Single(run.Account.Requests).Signature);
        var signsBefore = run.Sidecar.Signs;

        using var big = await SendAsync(run, ProxyRequest.Post(target, guards.OverNotional));
        using var other = await SendAsync(run, ProxyRequest.Post(target, guards.OtherSymbol));

        await SidecarErrors.AssertAsync(big, 403, "policy_denied");
        Assert.Contains("MaxOrderNotional", await big.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await SidecarErrors.AssertAsync(other, 403, "policy_denied");
        Assert.Contains("Symbols", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(run.Account.Requests);
        Assert.Equal(signsBefore, run.Sidecar.Signs);
    }

    [Theory]
    [MemberData(nameof(Venues))]
    public async Task Logs_carry_no_secret_pin_or_full_api_key(string exchange)
    {
        var venue = ProxyConformanceTable.Find(exchange);
        await using var run = await StartAsync(venue);

        using (await SendAsync(run, venue.SignedRead with { Target = $"/{venue.Route}{venue.SignedRead.Target}" })) { }
        if (venue.Order is { } order)
        {
            using (await SendAsync(run, order)) { }
        }

        using (await run.Sidecar.Client.GetAsync("/nope/x")) { }

        var logs = run.Sidecar.Logs.All;
        Assert.Contains(venue.Route, logs, StringComparison.Ordinal);
        Assert.All(run.Account.Secrets, secret => Assert.DoesNotContain(secret, logs, StringComparison.Ordinal));
        Assert.DoesNotContain(token.Pin, logs, StringComparison.Ordinal);
        Assert.All(venue.NeverLogged, text => Assert.DoesNotContain(text, logs, StringComparison.Ordinal));
    }

    private static TheoryData<string, string> Rows(Func<ProxyVenue, IEnumerable<string>> cases)
    {
        var rows = new TheoryData<string, string>();
        foreach (var venue in ProxyConformanceTable.All)
        {
            foreach (var row in cases(venue))
            {
                rows.Add(venue.Exchange, row);
            }
        }

        return rows;
    }

    private static async Task<HttpResponseMessage> SendAsync(ProxyRun run, ProxyRequest request)
    {
        using var message = request.ToMessage();
        return await run.Sidecar.Client.SendAsync(message);
    }

    private Task<ProxyRun> StartAsync(ProxyVenue venue) => ProxyRun.StartAsync(token, venue);

    /// <summary>Sidecar's own error for <paramref name="request"/>, the exchange seeing nothing and the HSM never called.</summary>
    private async Task AssertRefusedAsync(ProxyVenue venue, ProxyRequest request, int status, string code)
    {
        await using var run = await StartAsync(venue);

        using var response = await SendAsync(run, request);

        await SidecarErrors.AssertAsync(response, status, code);
        Assert.Empty(run.Account.Requests);
        Assert.Equal(0, run.Sidecar.Signs);
    }
}

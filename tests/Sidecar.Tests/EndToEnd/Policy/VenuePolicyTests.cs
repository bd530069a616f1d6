using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// Least privilege at the signing point, the same promises for every venue, against that venue's fake exchange: the
/// withdrawal endpoint is refused in every spelling, a read-only venue refuses an order yet still signs reads, the order
/// guards refuse a symbol outside <c>Symbols</c> and a notional above <c>MaxOrderNotional</c> — each refusal with the
/// exchange seeing nothing and the HSM never called — and the allowed order passes, signed.
/// </summary>
/// <remarks>
/// The sidecar runs two venues on one account: <see cref="Route"/> with the order guards and <c>readonly</c> with
/// profile read-only. A derived class states its venue's data (and keeps as its own tests whatever only its venue
/// does); the theories read its tables through <typeparamref name="TSelf"/> (see <see cref="IVenuePolicyTables"/>).
/// </remarks>
/// <typeparam name="TSelf">The concrete test class, which states the theory tables.</typeparam>
/// <typeparam name="TAccount">The venue's fake exchange with its key in the HSM; disposed after the sidecar.</typeparam>
public abstract class VenuePolicyTests<TSelf, TAccount>(SoftHsmToken token) : IAsyncLifetime
    where TSelf : VenuePolicyTests<TSelf, TAccount>, IVenuePolicyTables
    where TAccount : IAsyncDisposable
{
    /// <summary>The read-only venue's name, and so its route prefix.</summary>
    protected const string ReadOnlyRoute = "readonly";

    private TAccount _account = default!;
    private SidecarUnderTest _proxy = null!;

    public static TheoryData<string, int, string> VenueWithdrawalSpellings => TSelf.WithdrawalSpellings;

    public static TheoryData<string, string> VenueGuardViolations => TSelf.GuardViolations;

    protected TAccount Account => _account;

    protected SidecarUnderTest Proxy => _proxy;

    /// <summary>The guarded venue's name, and so its route prefix.</summary>
    protected abstract string Route { get; }

    /// <summary>The exchange's real host, the guarded venue's host (absolute-form targets name it).</summary>
    protected abstract string Host { get; }

    protected abstract string ReadOnlyHost { get; }

    /// <summary>The one symbol in the guarded venue's <c>Symbols</c>.</summary>
    protected abstract string Symbol { get; }

    protected virtual int MaxOrderNotional => 1000;

    protected virtual string ContentType => "application/json";

    protected abstract string WithdrawalBody { get; }

    /// <summary>The order endpoint, as the exchange sees it (below the route prefix).</summary>
    protected abstract string OrderPath { get; }

    /// <summary>An order inside the guarded venue's policy; the read-only venue refuses it.</summary>
    protected abstract string GoodOrder { get; }

    protected virtual HttpStatusCode OrderAccepted => HttpStatusCode.OK;

    /// <summary>An account read (path and query, below the route prefix) that profile read-only allows.</summary>
    protected abstract string ReadPath { get; }

    /// <summary>Null: the read is a GET. Otherwise the read is a POST with this body.</summary>
    protected virtual string? ReadBody => null;

    /// <summary>What the guarded venue's exchange has received.</summary>
    protected abstract IReadOnlyList<ExchangeRequest> Forwarded { get; }

    /// <summary>What the read-only venue's exchange has received (the same exchange unless a venue needs another).</summary>
    protected virtual IReadOnlyList<ExchangeRequest> ForwardedToReadOnly => Forwarded;

    public async Task InitializeAsync()
    {
        _account = await CreateAccountAsync(token);
        var guarded = Venue(_account, Host);
        guarded["Policy"] = new JsonObject
        {
            ["Symbols"] = new JsonArray(Symbol),
            ["MaxOrderNotional"] = MaxOrderNotional,
        };
        var readOnly = ReadOnlyVenue(_account);
        readOnly["Policy"] = new JsonObject { ["Profile"] = "read-only" };
        _proxy = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, new JsonObject
        {
            [Route] = guarded,
            [ReadOnlyRoute] = readOnly,
        }));
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(VenueWithdrawalSpellings))]
    public async Task Withdrawal_is_refused_in_every_spelling_unsigned_and_unforwarded(string target, int status, string code)
    {
        // Sent byte for byte: HttpClient would normalise the very spellings under test.
        var answer = await RawHttp.SendWithBodyAsync(Proxy.ProxyAddress, "POST", target, ContentType, WithdrawalBody);

        SidecarErrors.AssertRaw(answer, status, code);
        AssertNothingForwardedNorSigned();
    }

    [Fact]
    public async Task Read_only_profile_refuses_an_order_unsigned_and_unforwarded()
    {
        using var response = await Proxy.Client.PostAsync($"/{ReadOnlyRoute}{OrderPath}", Body(GoodOrder));

        await AssertPolicyDeniedAsync(response, "profile read-only");
        AssertNothingForwardedNorSigned();
    }

    [Fact]
    public async Task Read_only_profile_still_signs_reads()
    {
        using var request = new HttpRequestMessage(ReadBody is null ? HttpMethod.Get : HttpMethod.Post, $"/{ReadOnlyRoute}{ReadPath}");
        if (ReadBody is { } body)
        {
            request.Content = Body(body);
        }

        using var response = await Proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SignatureCheck.Valid, Assert.Single(ForwardedToReadOnly).Signature);
        Assert.Equal(1, Proxy.Signs);
    }

    [Theory]
    [MemberData(nameof(VenueGuardViolations))]
    public async Task Order_guards_refuse_unsigned_and_unforwarded(string order, string rule)
    {
        using var response = await Proxy.Client.PostAsync($"/{Route}{OrderPath}", Body(order));

        await AssertPolicyDeniedAsync(response, rule);
        AssertNothingForwardedNorSigned();
    }

    [Fact]
    public async Task The_allowed_order_passes_signed()
    {
        using var response = await Proxy.Client.PostAsync($"/{Route}{OrderPath}", Body(GoodOrder));

        Assert.Equal(OrderAccepted, response.StatusCode);
        var seen = Assert.Single(Forwarded);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(OrderPath, seen.Path);
        AssertForwardedOrderBody(seen.Body);
        Assert.Equal(1, Proxy.Signs);
    }

    protected abstract Task<TAccount> CreateAccountAsync(SoftHsmToken token);

    /// <summary>The venue's config (scheme, upstream, key) for <paramref name="host"/>, without a policy.</summary>
    protected abstract JsonObject Venue(TAccount account, string host);

    protected virtual JsonObject ReadOnlyVenue(TAccount account) => Venue(account, ReadOnlyHost);

    /// <summary>The signed order reaches the exchange as the bot wrote it, unless the scheme must write into the body.</summary>
    protected virtual void AssertForwardedOrderBody(string body) => Assert.Equal(GoodOrder, body);

    protected StringContent Body(string body) => new(body, Encoding.UTF8, ContentType);

    protected void AssertNothingForwardedNorSigned()
    {
        Assert.Empty(Forwarded);
        Assert.Empty(ForwardedToReadOnly);
        Assert.Equal(0, Proxy.Signs);
    }

    /// <summary>A 403 <c>policy_denied</c> error whose text names the rule that refused.</summary>
    protected static async Task AssertPolicyDeniedAsync(HttpResponseMessage response, string rule)
    {
        await SidecarErrors.AssertAsync(response, 403, "policy_denied");
        Assert.Contains(rule, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

using Sidecar.Governor;
using Sidecar.Signing;
using Sidecar.Signing.Policy;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Governor;

/// <summary>
/// A governor for one exchange's limits on a <see cref="TestClock"/> set 15 s into a minute, and requests to it by
/// "METHOD /path?query" as a bot would send them, looked up in the exchange's own endpoint table.
/// </summary>
internal sealed class GovernorUnderTest
{
    public GovernorUnderTest(string scheme, string host, double reserve = 0.05)
    {
        Assert.True(SigningSchemes.TryGet(scheme, out var signing));
        Exchange = signing.Exchange;
        var now = Clock.GetUtcNow();
        Clock.Advance(TimeSpan.FromSeconds(60 - now.Second + 15) - TimeSpan.FromMilliseconds(now.Millisecond));
        Governor = new WeightGovernor("v", Exchange.RateLimits(host), reserve, Clock, ExchangeClock, alerts: null);
    }

    public TestClock Clock { get; } = new();

    public Sidecar.Clock.VenueClock ExchangeClock { get; } = new();

    public Exchange Exchange { get; }

    public WeightGovernor Governor { get; }

    /// <summary>Admits "METHOD /path?query" (a form body after a space, for POST); the hold, or null.</summary>
    public (string Rule, TimeSpan RetryAfter)? Admit(string request, out Admission admission, OrderRead? orders = null)
    {
        var (method, path, query, body) = Parse(request);
        var endpoint = Exchange.Endpoints.Find(method, path);
        return Governor.Admit(endpoint, path, query, body, orders ?? endpoint.ReadOrders(query, body, body.Length > 0 ? BodyFormat.Form : BodyFormat.None), out admission);
    }

    public (string Rule, TimeSpan RetryAfter)? Admit(string request) => Admit(request, out _);

    /// <summary>The budget of <paramref name="window"/> and <paramref name="counts"/> (and endpoint, "*" for the venue's).</summary>
    public BudgetState Budget(string window, string counts, string endpoint = "*") =>
        Assert.Single(Governor.Read(), b => b.Window == window && GovernorMetrics.CountsTag(b.Counts) == counts && b.Endpoint == endpoint);

    private static (string Method, byte[] Path, byte[] Query, byte[] Body) Parse(string request)
    {
        var space = request.IndexOf(' ', StringComparison.Ordinal);
        var method = request[..space];
        var rest = request[(space + 1)..];
        var bodyStart = rest.IndexOf(' ', StringComparison.Ordinal);
        var body = bodyStart < 0 ? "" : rest[(bodyStart + 1)..];
        var target = bodyStart < 0 ? rest : rest[..bodyStart];
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? "" : target[(question + 1)..];
        return (method, System.Text.Encoding.ASCII.GetBytes(path), System.Text.Encoding.ASCII.GetBytes(query), System.Text.Encoding.ASCII.GetBytes(body));
    }
}

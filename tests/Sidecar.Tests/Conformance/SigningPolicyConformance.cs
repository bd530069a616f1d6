using System.Text;
using Sidecar.Signing;

namespace Sidecar.Tests.Conformance;

/// <summary>
/// Every scheme's endpoint catalog, accepted body formats and order reading, as the policy uses them, over each
/// venue's rows (<see cref="SchemeConformance.Catalog"/>, <see cref="SchemeConformance.AcceptedFormats"/>,
/// <see cref="SchemeConformance.OrderReads"/>).
/// </summary>
public sealed class SigningPolicyConformance
{
    public static TheoryData<string, int, string> CatalogRows => SigningConformanceTables.RowsOf(v => v.Catalog);

    public static TheoryData<string, int, string> OrderRows => SigningConformanceTables.RowsOf(v => v.OrderReads);

    public static TheoryData<string> Schemes => SigningConformanceTables.SchemeNames();

    [Theory]
    [MemberData(nameof(CatalogRows))]
    public void The_catalog_categorises_the_documented_endpoint(string schemeName, int row, string endpoint)
    {
        var expected = SigningConformanceTables.Of(schemeName).Catalog[row];
        Assert.Equal(expected.ToString(), endpoint);

        Assert.Equal(expected.Category, Scheme(schemeName).Exchange.Endpoints.Find(expected.Method, Encoding.UTF8.GetBytes(expected.Path)).Category);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Accepts_exactly_the_body_formats_the_exchange_signs(string schemeName)
    {
        var accepted = SigningConformanceTables.Of(schemeName).AcceptedFormats;
        var scheme = Scheme(schemeName);

        foreach (var format in Enum.GetValues<BodyFormat>())
        {
            Assert.True(accepted.Contains(format) == scheme.Accepts(format), $"{schemeName} {(scheme.Accepts(format) ? "accepts" : "refuses")} {format}");
        }
    }

    [Theory]
    [MemberData(nameof(OrderRows))]
    public void Reads_the_orders_a_request_places(string schemeName, int row, string request)
    {
        var expected = SigningConformanceTables.Of(schemeName).OrderReads[row];
        Assert.Equal(expected.ToString(), request);
        var sent = expected.Request;
        var endpoint = Scheme(schemeName).Exchange.Endpoints.Find(sent.Method, Encoding.UTF8.GetBytes(sent.Path));
        var query = Encoding.UTF8.GetBytes(sent.Query);
        var body = Encoding.UTF8.GetBytes(sent.Body);

        if (expected.Outcome == OrderOutcome.FormatError)
        {
            Assert.Throws<FormatException>(() => endpoint.ReadOrders(query, body, sent.Format));
            return;
        }

        var read = endpoint.ReadOrders(query, body, sent.Format);
        switch (expected.Outcome)
        {
            case OrderOutcome.Orders:
                Assert.Null(read.UnreadableReason);
                Assert.Equal(expected.Orders, read.Orders);
                break;
            case OrderOutcome.Unreadable:
                Assert.True(read.PlacesOrders);
                Assert.NotNull(read.UnreadableReason);
                break;
            default:
                Assert.False(read.PlacesOrders);
                break;
        }
    }

    private static SigningScheme Scheme(string name) => SigningSchemes.TryGet(name, out var scheme) ? scheme : throw new KeyNotFoundException(name);
}

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
    public static TheoryData<string, int, string> CatalogRows => Rows(v => v.Catalog);

    public static TheoryData<string, int, string> OrderRows => Rows(v => v.OrderReads);

    public static TheoryData<string> Schemes
    {
        get
        {
            var schemes = new TheoryData<string>();
            foreach (var venue in SigningConformanceTables.All)
            {
                schemes.Add(venue.Scheme);
            }

            return schemes;
        }
    }

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

    private static TheoryData<string, int, string> Rows<T>(Func<SchemeConformance, IReadOnlyList<T>> rows)
        where T : notnull
    {
        var data = new TheoryData<string, int, string>();
        foreach (var venue in SigningConformanceTables.All)
        {
            var list = rows(venue);
            for (var i = 0; i < list.Count; i++)
            {
                data.Add(venue.Scheme, i, list[i].ToString()!);
            }
        }

        return data;
    }
}

using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.AspNetCore.Http;
using Sidecar.Proxy;
using Sidecar.Signing;

namespace Sidecar.Tests.Hostile;

/// <summary>
/// Properties of <see cref="RequestCanonicalizer"/>: it never throws, and what it lets through has one reading —
/// every parameter name once (after the exchange's percent-decoding), every top-level JSON key once.
/// </summary>
public sealed class CanonicalizerProperties
{
    private const int Cases = 400;

    public static Arbitrary<CanonicalSample> Requests() =>
        HostileGen.FormText.Zip(HostileGen.Body, (q, b) => new CanonicalSample(q, b)).ToArbitrary();

    [Property(MaxTest = Cases, Arbitrary = new[] { typeof(CanonicalizerProperties) })]
    public Property Any_query_and_body_is_judged_without_throwing_and_accepted_ones_are_unambiguous(CanonicalSample sample)
    {
        var query = Encoding.UTF8.GetBytes(sample.Query);
        var format = FormatOf(sample.Body);
        var problem = Check(query, sample.Body.Bytes, format);
        if (problem is not null)
        {
            return true.Label("refused: " + problem);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var unique = Names(sample.Query).All(names.Add)
            && (format != BodyFormat.Form || Names(Encoding.UTF8.GetString(sample.Body.Bytes)).All(names.Add));
        return (unique && (format != BodyFormat.Json || UniqueTopLevelJson(sample.Body.Bytes)))
            .Label($"accepted {HostileGen.Show(sample.Query)} with {sample.Body}");
    }

    /// <summary>Counterexamples the property found, kept as rows.</summary>
    [Theory]
    [InlineData("", "\u00e9=1&%C3%A9=2")] // raw UTF-8 and percent-encoded UTF-8 are one name to the exchange
    [InlineData("%C3%A9=1", "\u00e9=2")]
    public void Names_equal_after_decoding_as_the_exchange_does_are_refused(string query, string form)
    {
        Assert.NotNull(Check(Encoding.UTF8.GetBytes(query), Encoding.UTF8.GetBytes(form), BodyFormat.Form));
    }

    internal static string? Check(byte[] query, byte[] body, BodyFormat format)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString("127.0.0.1", 8080);
        return RequestCanonicalizer.Check(context.Request, query, body, format, anyHost: false);
    }

    private static BodyFormat FormatOf(HostileBody body)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = body.ContentType;
        return RequestBody.FormatOf(context.Request, body.Bytes.Length);
    }

    // An independent reading of a form: split on '&', name up to '=', percent-decoded as the exchanges do.
    private static IEnumerable<string> Names(string form) =>
        form.Split('&').Where(p => p.Length > 0).Select(p => Uri.UnescapeDataString(p.Split('=')[0]));

    private static bool UniqueTopLevelJson(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        return document.RootElement.EnumerateObject().All(p => keys.Add(p.Name));
    }
}

/// <summary>A raw query and a body.</summary>
public sealed record CanonicalSample(string Query, HostileBody Body)
{
    public override string ToString() => $"query {HostileGen.Show(Query)} body {Body}";
}

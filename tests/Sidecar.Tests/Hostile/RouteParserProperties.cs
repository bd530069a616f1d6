using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sidecar.Proxy;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Hostile;

/// <summary>
/// Properties of the request-target parser and its rules over hostile targets. On failure FsCheck prints the
/// counterexample and its seed; replay it with <c>[Property(Replay = "seed,gamma")]</c>.
/// </summary>
public sealed class RouteParserProperties
{
    private const int Cases = 400;

    public static Arbitrary<RawTarget> HostileTargets() => Gen.OneOf(
            HostileGen.Path.Zip(HostileGen.FormText, (p, q) => "/binance" + p + (q.Length > 0 ? "?" + q : "")),
            HostileGen.Path.Zip(HostileGen.FormText, (p, q) => "/https://api.binance.com" + p + (q.Length > 0 ? "?" + q : "")),
            HostileGen.Path.Zip(HostileGen.FormText, (p, q) => "/" + HostileGen.EncodeUriComponent("https://api.binance.com" + p + "?" + q)),
            HostileGen.UnicodeText.Select(t => "/" + t),
            HostileGen.UnicodeText)
        .Select(t => new RawTarget(t))
        .ToArbitrary();

    public static Arbitrary<TargetSample> Targets() => HostileGen.Path.Zip(HostileGen.FormText, (p, q) => new TargetSample(p, q)).ToArbitrary();

    [Property(MaxTest = Cases, Arbitrary = new[] { typeof(RouteParserProperties) })]
    public Property Any_target_is_parsed_or_refused_cleanly(RawTarget sample)
    {
        var target = sample.Text;
        var accepted = RouteParser.TryParse(target, TestVenues.Binance, out var match, out var error);
        if (!accepted)
        {
            return (error.Status is 400 or 404 && error.Code is ErrorCodes.BadRequest or ErrorCodes.UnknownVenue && IsPrintable(error.Message))
                .Label($"refused with {error.Status} {error.Code}: {HostileGen.Show(error.Message)}");
        }

        return (match.Path.StartsWith('/') && IsPrintable(match.Path) && IsPrintable(match.Query)
                && RequestTargetRules.CheckPath(match.Path) is null && RequestTargetRules.CheckQuery(match.Query) is null
                && match.Venue.Name is "binance" or "binance-usdm")
            .Label($"accepted as {match.Venue.Name} {HostileGen.Show(match.Path)} ? {HostileGen.Show(match.Query)}");
    }

    /// <summary>The base-URL form, ccxt's plain proxyUrl and ccxt's encoded proxyUrl mean the same request.</summary>
    [Property(MaxTest = Cases, Arbitrary = new[] { typeof(RouteParserProperties) })]
    public Property The_three_route_forms_agree(TargetSample target)
    {
        var suffix = target.Path + (target.Query.Length > 0 ? "?" + target.Query : "");
        var prefix = Parse("/binance" + suffix);
        var plain = Parse("/https://api.binance.com" + suffix);
        var encoded = Parse("/" + HostileGen.EncodeUriComponent("https://api.binance.com" + suffix));

        // '?' inside the path would move the query boundary in the plain forms; the encoded form keeps it.
        var comparable = !target.Path.Contains('?', StringComparison.Ordinal) && !target.Path.Contains('#', StringComparison.Ordinal);
        return (prefix == plain && (!comparable || plain == encoded))
            .Label($"prefix {prefix} / proxyUrl {plain} / encoded {encoded}");
    }

    /// <summary>A path the rules accept has no dot segment, empty segment, backslash or control once decoded.</summary>
    [Property(MaxTest = Cases, Arbitrary = new[] { typeof(RouteParserProperties) })]
    public Property An_accepted_path_means_the_same_decoded(TargetSample target)
    {
        var path = target.Path.Length == 0 ? "/" : target.Path;
        if (RequestTargetRules.CheckPath(path) is not null)
        {
            return true.Label("refused");
        }

        var decoded = Uri.UnescapeDataString(path);
        var segments = decoded.Split('/');
        var clean = decoded.Count(c => c == '/') == path.Count(c => c == '/')
            && !segments.Skip(1).SkipLast(1).Any(s => s is "." or ".." or "")
            && segments[^1] is not ("." or "..")
            && !decoded.Contains('\\', StringComparison.Ordinal)
            && !decoded.Any(c => c < ' ' || c == '\u007f');
        return (clean || path == "/").Label($"accepted {HostileGen.Show(path)} decodes to {HostileGen.Show(decoded)}");
    }

    /// <summary>Counterexamples the properties found, kept as rows.</summary>
    [Theory]
    [InlineData("/binance/api/v3/%5c/order")] // an encoded backslash: a separator to servers that decode it first
    [InlineData("/binance/api/v3/%5C..%5Corder")]
    [InlineData("/https%3A%2F%2Fapi.binance.com%2Fapi%2F%255c%3Fa%3D1")]
    public void Found_by_the_properties_and_refused(string target)
    {
        Assert.False(RouteParser.TryParse(target, TestVenues.Binance, out _, out var error));
        Assert.Equal(400, error.Status);
    }

    private static string Parse(string target) =>
        RouteParser.TryParse(target, TestVenues.Binance, out var match, out var error)
            ? $"{match.Venue.Name} {HostileGen.Show(match.Path)}?{HostileGen.Show(match.Query)}"
            : $"{error.Status}";

    private static bool IsPrintable(string text) => text.All(c => c is >= ' ' and <= '~');
}

/// <summary>A request target as received.</summary>
public sealed record RawTarget(string Text)
{
    public override string ToString() => HostileGen.Show(Text);
}

/// <summary>An upstream path and query, to be put into each route form.</summary>
public sealed record TargetSample(string Path, string Query)
{
    public override string ToString() => $"path {HostileGen.Show(Path)} query {HostileGen.Show(Query)}";
}

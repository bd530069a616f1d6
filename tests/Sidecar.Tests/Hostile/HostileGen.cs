using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Sidecar.Tests.Hostile;

/// <summary>
/// Generators of nasty request pieces: percent-encoding edge cases, duplicate parameters, unicode, dot segments,
/// overlong values, control bytes and mixed body formats. Mostly well-formed pieces with a hostile one mixed in, so
/// that many cases get past the first check and reach the signer.
/// </summary>
internal static class HostileGen
{
    private static readonly string[] Segments =
    [
        "api", "v3", "order", "account", "openOrders", "sapi", "v1", "capital", "withdraw", "apply", "fapi", "time",
        "api", "v5", "trade", "balance", "0", "private", "Balance", "ticker", "a-b_c~d", "x.y", "..x", "x..",
    ];

    private static readonly string[] NastySegments =
    [
        ".", "..", "%2e", "%2E%2e", "%2f", "%2F", "%252f", "%252e", "", ";x=1", "a;b", "\\", "a\\b", "%00", "%0a", "%7f",
        "%7F", "é", "%C3%A9", "%c0%ae%c0%ae", "\u0000", "\u0001", " ", "\t", "#", "%", "%G1", "%4", "~", "%7e", "%u002e",
        "?", "%3F", "%3f", "%23", "@", ":", "%5c", "\u202e", "\ud83d\ude00", "\ud800", "*", "%2A", "..;", "%2e%2e%2f",
    ];

    private static readonly string[] Names =
    [
        "symbol", "side", "type", "quantity", "price", "timestamp", "signature", "recvWindow", "timeInForce", "newClientOrderId",
        "%73ymbol", "SYMBOL", "symbol%00", "a[]", "a%5B%5D", "", "=", "%3D", "%26", "nonce", "ts", "instId", "sz", "px",
        "é", "%C3%A9", "sym bol", "sym+bol", "%", "%ZZ", "\u0001", "ordType", "tdMode",
    ];

    private static readonly string[] Values =
    [
        "BTCUSDT", "BTC-USDT", "BUY", "LIMIT", "GTC", "1", "0.001", "20000", "-1", "1e9", "NaN", "0x10", "%20", "+", "%2B",
        "%00", "%2526", "%25", "é", "%E9", "%C3%A9", "\t", "a=b", "%", "%ZZ", "%4", "'", "\"", "<script>", "{}", "[1,2]",
        "1700000000000", "99999999999999999999999999", "", "\u0000", "\r\n", "%0d%0a", "\ud83d\ude00", "\ud800",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/x-www-form-urlencoded", "application/json", "application/json; charset=utf-8", "text/plain",
        "application/x-www-form-urlencoded; charset=latin1", "APPLICATION/JSON", "application/json; charset=utf-16",
        "multipart/form-data; boundary=x", "a/b/c", ";", "application/x-www-form-urlencoded, application/json",
    ];

    public static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "get", "Post", "BREW", "TRACE"];

    /// <summary>Over the configured limits of Kestrel's request line (8 KiB) and Sidecar's body (64 KiB) sometimes.</summary>
    private static Gen<string> Overlong => Gen.Elements(300, 3000, 9000).Select(n => new string('A', n));

    public static Gen<string> Segment => Gen.Frequency(
        (6, Gen.Elements(Segments)),
        (3, Gen.Elements(NastySegments)),
        (1, Overlong),
        (1, UnicodeText));

    /// <summary>An upstream path: "" or "/" followed by segments.</summary>
    public static Gen<string> Path => Gen.Frequency(
        (1, Gen.Constant("")),
        (1, Gen.Constant("/")),
        (8, Gen.ListOf(Segment).Select(s => s.Count == 0 ? "/" : "/" + string.Join('/', s))));

    public static Gen<string> Name => Gen.Frequency((8, Gen.Elements(Names)), (1, UnicodeText), (1, Overlong));

    public static Gen<string> Value => Gen.Frequency((8, Gen.Elements(Values)), (1, UnicodeText), (1, Overlong));

    /// <summary>name=value pairs joined by '&amp;', with repeated names, empty pairs and bare names.</summary>
    public static Gen<string> FormText => Gen.Sized(size =>
        Gen.ListOf(Gen.Frequency(
                (8, Name.Zip(Value, (n, v) => n + "=" + v)),
                (1, Name),
                (1, Gen.Constant(""))))
            .Resize(Math.Min(size, 12))
            .SelectMany(pairs => Gen.Elements(0, 0, 0, 1).Select(dup =>
                dup == 1 && pairs.Count > 0 ? string.Join('&', pairs) + "&" + pairs[0] : string.Join('&', pairs))));

    /// <summary>JSON bodies: objects (duplicate keys, nesting, odd numbers), invalid JSON, and arbitrary text.</summary>
    public static Gen<string> JsonText => Gen.OneOf(
        Gen.ListOf(Name.Zip(JsonValue, (n, v) => JsonString(n) + ":" + v)).Select(p => "{" + string.Join(',', p) + "}"),
        Gen.Elements("{\"a\":1,\"a\":2}", "{\"a\":{\"a\":1}}", "[]", "[{\"instId\":\"BTC-USDT\"}]", "{", "}", "{\"a\":1}{", "null",
            "{\"a\":1} ", " {\"a\":1}", "{\"a\":1,}", "{'a':1}", "{\"a\":1//c\n}", "{\"\\u0061\":1,\"a\":2}", "\"x\"", "1e999",
            "{\"sz\":\"1\",\"px\":\"1\",\"instId\":\"BTC-USDT\",\"side\":\"buy\",\"ordType\":\"limit\",\"tdMode\":\"cash\"}"),
        Gen.Constant(new string('[', 100) + new string(']', 100)),
        UnicodeText);

    private static Gen<string> JsonValue => Gen.OneOf(
        Value.Select(JsonString),
        Gen.Elements("1", "-0", "1.5e3", "true", "null", "[]", "{}", "[1,\"a\"]", "{\"x\":{\"y\":[1]}}", "01", "1.", "+1"));

    /// <summary>Text with any UTF-16 code units: unicode, lone surrogates, controls.</summary>
    public static Gen<string> UnicodeText => Gen.ArrayOf(Gen.Frequency(
            (4, Gen.Choose(0x21, 0x7e).Select(c => (char)c)),
            (1, Gen.Choose(0, 0x20).Select(c => (char)c)),
            (1, Gen.Choose(0x7f, 0xffff).Select(c => (char)c))))
        .Select(chars => new string(chars));

    /// <summary>A body: none, form, JSON, or raw bytes (including invalid UTF-8), with a content type that may lie.</summary>
    public static Gen<HostileBody> Body => Gen.Frequency(
        (2, Gen.Constant(new HostileBody([], null))),
        (4, FormText.Select(t => new HostileBody(Encoding.UTF8.GetBytes(t), "application/x-www-form-urlencoded"))),
        (4, JsonText.Select(t => new HostileBody(Encoding.UTF8.GetBytes(t), "application/json"))),
        (1, Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).Zip(Gen.Elements(ContentTypes), (b, ct) => new HostileBody(b, ct))),
        (1, Gen.OneOf(FormText, JsonText).Zip(Gen.Elements(ContentTypes), (t, ct) => new HostileBody(Encoding.UTF8.GetBytes(t), ct))));

    public static string JsonString(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    /// <summary>A counterexample as readable ASCII: other characters as \uXXXX, long runs as "A{x9000}".</summary>
    public static string Show(string text)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < text.Length;)
        {
            var run = 1;
            while (i + run < text.Length && text[i + run] == text[i])
            {
                run++;
            }

            var c = text[i];
            var shown = c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}";
            builder.Append(run > 8 ? $"{shown}{{x{run}}}" : string.Concat(Enumerable.Repeat(shown, run)));
            i += run;
        }

        return builder.ToString();
    }

    /// <summary>JavaScript's encodeURIComponent, as ccxt applies it to the whole URL in the proxyUrl form.</summary>
    public static string EncodeUriComponent(string text)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '!' or '~' or '*' or '\'' or '(' or ')')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}

/// <summary>A generated body and the Content-Type it is sent with (null: none).</summary>
public sealed record HostileBody(byte[] Bytes, string? ContentType)
{
    public override string ToString() => $"{ContentType ?? "(no content type)"}: {HostileGen.Show(Encoding.UTF8.GetString(Bytes))}";
}

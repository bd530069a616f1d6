using Microsoft.Net.Http.Headers;

namespace Sidecar.FakeExchange.Common;

/// <summary>
/// The request plumbing every REST fake does the same way (header and query reading, constant-time compares, JSON
/// field reads). What each exchange checks, and how it answers, stays in its own folder.
/// </summary>
internal static class FakeHttp
{
    /// <summary>A header as sent (several values joined by commas), or null when absent.</summary>
    public static string? Single(HttpRequest request, string name)
    {
        var values = request.Headers[name];
        return values.Count == 0 ? null : values.ToString();
    }

    /// <summary>The UTF-8 bytes of <paramref name="a"/> and <paramref name="b"/> compared in constant time.</summary>
    public static bool Same(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    public static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType) &&
        mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every header by lower-case name, as received.</summary>
    public static Dictionary<string, string> Headers(HttpRequest request)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Headers)
        {
            headers[name.ToLowerInvariant()] = values.ToString();
        }

        return headers;
    }

    /// <summary>A query string's parameters, percent-decoded (a name without '=' has the value "").</summary>
    public static Dictionary<string, string> Query(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            result[Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq])] = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
        }

        return result;
    }

    /// <summary>A JSON field's value as text (a string or a number as written), or null when absent or not a value.</summary>
    public static string? Text(JsonObject o, string name) => o[name] is JsonValue v ? v.ToString() : null;

    public static bool Positive(string? value) =>
        decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) && d > 0;

    /// <summary>Deep copies of <paramref name="orders"/>, as a JSON array (answers never share the book's nodes).</summary>
    public static JsonArray Copies<T>(IEnumerable<T> orders)
        where T : JsonNode => new([.. orders.Select(o => o.DeepClone())]);
}

using System.Text;

namespace Sidecar.Signing.Policy;

/// <summary>
/// "METHOD /path" with <c>*</c> matching exactly one path segment and <c>**</c> matching the rest (zero or more
/// segments); METHOD may be <c>*</c>. Matched case-sensitively against the raw upstream path, as the exchanges
/// match it — the same bytes that are signed.
/// </summary>
public sealed class EndpointPattern
{
    private readonly string[] _segments;

    private EndpointPattern(string text, string method, string[] segments)
    {
        Text = text;
        Method = method;
        _segments = segments;
    }

    /// <summary>The rule as written, for error messages ("denied by rule 'POST /sapi/**'").</summary>
    public string Text { get; }

    public string Method { get; }

    public static bool TryParse(string text, out EndpointPattern pattern, out string? error)
    {
        pattern = null!;
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || space == text.Length - 1)
        {
            error = $"'{text}' is not \"METHOD /path\"";
            return false;
        }

        var method = text[..space];
        var path = text[(space + 1)..].Trim();
        if (method != "*" && !IsToken(method))
        {
            error = $"'{text}': '{method}' is not an HTTP method or '*'";
            return false;
        }

        if (!path.StartsWith('/'))
        {
            error = $"'{text}': the path must start with '/'";
            return false;
        }

        var segments = path[1..].Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i] == "**" && i != segments.Length - 1)
            {
                error = $"'{text}': '**' may only end a pattern";
                return false;
            }

            if (segments[i] != "*" && segments[i] != "**" && segments[i].Contains('*', StringComparison.Ordinal))
            {
                error = $"'{text}': '*' must be a whole segment";
                return false;
            }
        }

        pattern = new EndpointPattern(text, method.ToUpperInvariant(), segments);
        error = null;
        return true;
    }

    public static EndpointPattern Parse(string text) =>
        TryParse(text, out var pattern, out var error) ? pattern : throw new FormatException(error);

    public bool Matches(string method, ReadOnlySpan<byte> path)
    {
        if (Method != "*" && !string.Equals(Method, method, StringComparison.Ordinal))
        {
            return false;
        }

        if (path.IsEmpty || path[0] != (byte)'/')
        {
            return false;
        }

        // Walk the path's segments ("/a/b/" is "a", "b", "") against the pattern's.
        var rest = path[1..];
        var done = false;
        foreach (var expected in _segments)
        {
            if (expected == "**")
            {
                return true;
            }

            if (done)
            {
                return false;
            }

            var slash = rest.IndexOf((byte)'/');
            var segment = slash < 0 ? rest : rest[..slash];
            var matches = expected == "*"
                ? !segment.IsEmpty
                : segment.Length == expected.Length && Ascii.Equals(segment, expected);
            if (!matches)
            {
                return false;
            }

            if (slash < 0)
            {
                done = true;
            }
            else
            {
                rest = rest[(slash + 1)..];
            }
        }

        return done;
    }

    public override string ToString() => Text;

    private static bool IsToken(string method)
    {
        foreach (var c in method)
        {
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiLetterLower(c))
            {
                return false;
            }
        }

        return true;
    }
}

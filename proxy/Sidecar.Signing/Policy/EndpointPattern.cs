using System.Text;

namespace Sidecar.Signing.Policy;

/// <summary>
/// "METHOD /path" with <c>*</c> matching exactly one path segment and <c>**</c> matching the rest (zero or more
/// segments); METHOD may be <c>*</c>. Matched case-sensitively against the raw upstream path, as the exchanges
/// match it — the same bytes that are signed. The exchanges' own endpoint tables may also end a segment with
/// <c>*</c> (<c>public-*</c>: any segment that starts with <c>public-</c>) and list methods (<c>POST|PUT</c>);
/// operators' rules may not, so a rule always names whole segments and one method.
/// </summary>
public sealed class EndpointPattern
{
    private readonly PatternSegment[] _segments;
    private readonly string[] _methods;

    private EndpointPattern(string text, string method, PatternSegment[] segments)
    {
        Text = text;
        Method = method;
        _segments = segments;
        _methods = method.Split('|');
    }

    /// <summary>The rule as written, for error messages ("denied by rule 'POST /sapi/**'").</summary>
    public string Text { get; }

    public string Method { get; }

    /// <summary>True when <see cref="Method"/> is <c>*</c>.</summary>
    public bool AnyMethod => Method == "*";

    /// <summary>Whether a request with <paramref name="method"/> (upper case) can match.</summary>
    public bool AcceptsMethod(string method)
    {
        if (AnyMethod)
        {
            return true;
        }

        foreach (var accepted in _methods)
        {
            if (string.Equals(accepted, method, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    internal ReadOnlySpan<PatternSegment> Segments => _segments;

    public static bool TryParse(string text, out EndpointPattern pattern, out string? error) =>
        TryParse(text, tableEntry: false, out pattern, out error);

    internal static bool TryParse(string text, bool tableEntry, out EndpointPattern pattern, out string? error)
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
        if (method != "*" && !(tableEntry ? method.Split('|').All(IsToken) : IsToken(method)))
        {
            error = $"'{text}': '{method}' is not an HTTP method or '*'";
            return false;
        }

        if (!path.StartsWith('/'))
        {
            error = $"'{text}': the path must start with '/'";
            return false;
        }

        var parts = path[1..].Split('/');
        var segments = new PatternSegment[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part == "**" && i != parts.Length - 1)
            {
                error = $"'{text}': '**' may only end a pattern";
                return false;
            }

            var star = part.IndexOf('*', StringComparison.Ordinal);
            if (part is "*" or "**" || star < 0)
            {
                segments[i] = new PatternSegment(part switch { "*" => SegmentKind.Any, "**" => SegmentKind.Rest, _ => SegmentKind.Literal }, part);
                continue;
            }

            if (!tableEntry || star != part.Length - 1)
            {
                error = $"'{text}': '*' must be a whole segment";
                return false;
            }

            segments[i] = new PatternSegment(SegmentKind.Prefix, part[..^1]);
        }

        pattern = new EndpointPattern(text, method.ToUpperInvariant(), segments);
        error = null;
        return true;
    }

    public static EndpointPattern Parse(string text) =>
        TryParse(text, out var pattern, out var error) ? pattern : throw new FormatException(error);

    /// <summary>A pattern of an exchange's own endpoint table, where a segment may end with <c>*</c>.</summary>
    internal static EndpointPattern ParseTableEntry(string text) =>
        TryParse(text, tableEntry: true, out var pattern, out var error) ? pattern : throw new FormatException(error);

    public bool Matches(string method, ReadOnlySpan<byte> path)
    {
        if (!AcceptsMethod(method))
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
            if (expected.Kind == SegmentKind.Rest)
            {
                return true;
            }

            if (done)
            {
                return false;
            }

            var slash = rest.IndexOf((byte)'/');
            var segment = slash < 0 ? rest : rest[..slash];
            if (!expected.Matches(segment))
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
        if (method.Length == 0)
        {
            return false;
        }

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

internal enum SegmentKind
{
    /// <summary>Exactly this text.</summary>
    Literal,

    /// <summary><c>*</c>: any one non-empty segment.</summary>
    Any,

    /// <summary><c>**</c>: the rest of the path, zero or more segments.</summary>
    Rest,

    /// <summary><c>text*</c>: one segment that starts with the text (exchange tables only).</summary>
    Prefix,
}

internal readonly record struct PatternSegment(SegmentKind Kind, string Text)
{
    public bool Matches(ReadOnlySpan<byte> segment) => Kind switch
    {
        SegmentKind.Any => !segment.IsEmpty,
        SegmentKind.Prefix => segment.Length > Text.Length && Ascii.Equals(segment[..Text.Length], Text),
        SegmentKind.Literal => segment.Length == Text.Length && Ascii.Equals(segment, Text),
        _ => true,
    };
}

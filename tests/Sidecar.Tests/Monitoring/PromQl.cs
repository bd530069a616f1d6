namespace Sidecar.Tests.Monitoring;

/// <summary>
/// The metric names a PromQL expression reads. A lexer, not a parser: Prometheus itself checks the syntax (promtool
/// and the real server do, in these tests); this only has to tell metric names from functions, keywords, label names,
/// strings and durations in an expression that is already valid.
/// </summary>
internal static class PromQl
{
    // Binary operators, modifiers and literals spelled as words; none of them is a metric.
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "atan2", "bool", "offset", "inf", "nan",
    };

    // Words followed by a parenthesised list of label names, not of expressions.
    private static readonly HashSet<string> LabelLists = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right",
    };

    public static IReadOnlyList<string> MetricNames(string expr)
    {
        var names = new List<string>();
        var i = 0;
        while (i < expr.Length)
        {
            var c = expr[i];
            if (c is '"' or '\'' or '`')
            {
                i = AfterString(expr, i);
            }
            else if (c == '#')
            {
                var end = expr.IndexOf('\n', i);
                i = end < 0 ? expr.Length : end;
            }
            else if (c == '{')
            {
                // Label matchers, after a metric name or alone. A selector by __name__ cannot be checked by name.
                var end = AfterClosing(expr, i, '{', '}');
                if (expr.AsSpan(i, end - i).Contains("__name__", StringComparison.Ordinal))
                {
                    throw new NotSupportedException($"a selector by __name__ cannot be checked against Sidecar's metrics: {expr}");
                }

                i = end;
            }
            else if (c == '[')
            {
                i = AfterClosing(expr, i, '[', ']'); // a range or subquery: durations only
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < expr.Length && char.IsAsciiDigit(expr[i + 1])))
            {
                while (i < expr.Length && (char.IsAsciiLetterOrDigit(expr[i]) || expr[i] is '.' or '_'))
                {
                    i++; // a number (0.8, 1e3, 0x1f) or a duration (5m, 1h30m)
                }
            }
            else if (char.IsAsciiLetter(c) || c is '_' or ':')
            {
                var start = i;
                while (i < expr.Length && (char.IsAsciiLetterOrDigit(expr[i]) || expr[i] is '_' or ':'))
                {
                    i++;
                }

                var word = expr[start..i];
                var next = i;
                while (next < expr.Length && char.IsWhiteSpace(expr[next]))
                {
                    next++;
                }

                // A function or an aggregation: "rate(", "sum(", and "sum by (venue) (" or "sum without (rule) (".
                var call = next < expr.Length && (expr[next] == '(' || IsWord(expr, next, "by") || IsWord(expr, next, "without"));
                if (LabelLists.Contains(word))
                {
                    i = call ? AfterClosing(expr, next, '(', ')') : i;
                }
                else if (!call && !Keywords.Contains(word))
                {
                    names.Add(word); // not a function call, not a keyword: a metric
                }
            }
            else
            {
                i++;
            }
        }

        return names;
    }

    private static bool IsWord(string expr, int at, string word) =>
        expr.AsSpan(at).StartsWith(word, StringComparison.Ordinal)
        && (at + word.Length == expr.Length || !(char.IsAsciiLetterOrDigit(expr[at + word.Length]) || expr[at + word.Length] is '_' or ':'));

    private static int AfterString(string expr, int open)
    {
        var quote = expr[open];
        for (var i = open + 1; i < expr.Length; i++)
        {
            if (expr[i] == '\\' && quote != '`')
            {
                i++;
            }
            else if (expr[i] == quote)
            {
                return i + 1;
            }
        }

        throw new FormatException($"unterminated string in {expr}");
    }

    private static int AfterClosing(string expr, int open, char opening, char closing)
    {
        var depth = 0;
        for (var i = open; i < expr.Length;)
        {
            if (expr[i] is '"' or '\'' or '`')
            {
                i = AfterString(expr, i);
                continue;
            }

            if (expr[i] == opening)
            {
                depth++;
            }
            else if (expr[i] == closing && --depth == 0)
            {
                return i + 1;
            }

            i++;
        }

        throw new FormatException($"unbalanced '{opening}' in {expr}");
    }
}

namespace Sidecar.Proxy;

/// <summary>
/// Refuses request targets whose meaning could differ between Sidecar and the exchange — the path it judges must
/// be the path that is signed and forwarded. Returns a message for the bot, or null when the target is clean.
/// </summary>
internal static class RequestTargetRules
{
    public static string? CheckPath(string path)
    {
        if (path.Length == 0 || path[0] != '/')
        {
            return "the upstream path must start with '/'";
        }

        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c is < '!' or > '~')
            {
                return "the path contains a control, space or non-ASCII character";
            }

            switch (c)
            {
                case '\\':
                    return "the path contains a backslash";
                case '#':
                    return "the request target contains a fragment";
                case ';':
                    return "the path contains a ';' path parameter";
                case '%':
                    if (i + 2 < path.Length && path[i + 1] == '2' && (path[i + 2] | 0x20) is 'f' or 'e')
                    {
                        return "the path contains an encoded '/' or '.'";
                    }

                    // Some servers (IIS, Tomcat with ALLOW_BACKSLASH) decode "%5C" and then split on it like '/'.
                    if (i + 2 < path.Length && path[i + 1] == '5' && (path[i + 2] | 0x20) == 'c')
                    {
                        return "the path contains an encoded backslash";
                    }

                    if (i + 2 < path.Length && path[i + 1] == '2' && path[i + 2] == '5')
                    {
                        return "the path contains a double-encoded character";
                    }

                    if (IsEncodedControl(path.AsSpan(i)))
                    {
                        return "the path contains an encoded control character";
                    }

                    break;
                case '/':
                    if (i + 1 < path.Length && path[i + 1] == '/')
                    {
                        return "the path contains an empty segment ('//')";
                    }

                    break;
            }
        }

        foreach (var segment in path.AsSpan(1).Split('/'))
        {
            var text = path.AsSpan(1)[segment];
            if (text is "." or "..")
            {
                return "the path contains a dot segment";
            }
        }

        return null;
    }

    public static string? CheckQuery(string query)
    {
        foreach (var c in query)
        {
            if (c is < '!' or > '~')
            {
                return "the query contains a control, space or non-ASCII character";
            }

            if (c == '#')
            {
                return "the request target contains a fragment";
            }
        }

        for (var i = query.IndexOf('%', StringComparison.Ordinal); i >= 0; i = query.IndexOf('%', i + 1))
        {
            if (IsEncodedControl(query.AsSpan(i)))
            {
                return "the query contains an encoded control character";
            }
        }

        return null;
    }

    // %00–%1F and %7F: NUL and control bytes that exchanges and their proxies decode differently.
    private static bool IsEncodedControl(ReadOnlySpan<char> escape) =>
        escape.Length >= 3 && escape[0] == '%'
        && ((escape[1] is '0' or '1' && char.IsAsciiHexDigit(escape[2])) || (escape[1] == '7' && escape[2] is 'f' or 'F'));
}

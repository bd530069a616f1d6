namespace Sidecar.Tests.Hostile;

/// <summary>An HTTP/1.1 response read off a raw connection: status, headers (last value wins), body.</summary>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body, string Text)
{
    /// <summary>The connection was closed (or reset) without any answer.</summary>
    public bool Closed => Status == 0;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public static RawResponse Parse(string text)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (!text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) || headEnd < 0)
        {
            return new RawResponse(0, headers, "", text);
        }

        var lines = text[..headEnd].Split("\r\n");
        var status = int.Parse(lines[0].AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }

        var body = text[(headEnd + 4)..];
        if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Unchunk(body);
        }

        return new RawResponse(status, headers, body, text);
    }

    /// <summary>How many HTTP/1.1 responses the connection carried (pipelined requests each get one).</summary>
    public static int CountResponses(string text)
    {
        var count = 0;
        for (var i = text.IndexOf("HTTP/1.1 ", StringComparison.Ordinal); i >= 0; i = text.IndexOf("HTTP/1.1 ", i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string Unchunk(string body)
    {
        var result = new System.Text.StringBuilder();
        var position = 0;
        while (position < body.Length)
        {
            var lineEnd = body.IndexOf("\r\n", position, StringComparison.Ordinal);
            if (lineEnd < 0)
            {
                break;
            }

            var size = Convert.ToInt32(body[position..lineEnd].Split(';')[0], 16);
            if (size == 0)
            {
                break;
            }

            result.Append(body, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }

        return result.ToString();
    }
}

using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sidecar.Signing;

namespace Sidecar.Proxy;

/// <summary>
/// Refuses requests whose parameters could be read two ways — by Sidecar's policy and by the exchange — before
/// anything is judged or signed: repeated parameters (exchanges disagree on which copy wins), malformed or
/// ambiguous JSON, and Host headers that are not Sidecar's own loopback address (DNS rebinding from a browser).
/// </summary>
internal static class RequestCanonicalizer
{
    public static string? Check(HttpRequest request, ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, BodyFormat bodyFormat, bool anyHost)
    {
        if (CheckHost(request, anyHost) is { } hostProblem)
        {
            return hostProblem;
        }

        // The usual request (plain names, each once) passes without allocating; anything else is read in full below.
        if (PlainNames.AreUniqueInForms(query, bodyFormat == BodyFormat.Form ? body : default)
            && (bodyFormat != BodyFormat.Json || PlainNames.AreUniqueInJson(body)))
        {
            return null;
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (RepeatedName(query, names, "query") is { } queryProblem)
        {
            return queryProblem;
        }

        if (bodyFormat == BodyFormat.Form && RepeatedName(body, names, "body") is { } bodyProblem)
        {
            return bodyProblem;
        }

        return bodyFormat == BodyFormat.Json ? CheckJson(body) : null;
    }

    private static string? RepeatedName(ReadOnlySpan<byte> form, Dictionary<string, string> seen, string where)
    {
        foreach (var range in form.Split((byte)'&'))
        {
            var segment = form[range];
            if (segment.IsEmpty)
            {
                continue;
            }

            var eq = segment.IndexOf((byte)'=');
            // UTF-8, as the exchanges read it: a raw "é" and "%C3%A9" are one name (ASCII would make the first "??").
            var raw = System.Text.Encoding.UTF8.GetString(eq < 0 ? segment : segment[..eq]);

            // Exchanges decode names before reading them: "%73ymbol" is "symbol".
            var name = Uri.UnescapeDataString(raw);
            if (seen.TryGetValue(name, out var first))
            {
                return first == where
                    ? $"parameter '{SafeText.Printable(name)}' is given more than once in the {where}"
                    : $"parameter '{SafeText.Printable(name)}' is given in both the query and the body";
            }

            seen.Add(name, where);
        }

        return null;
    }

    private static string? CheckJson(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 32 });
        var topLevel = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && !topLevel.Add(reader.GetString()!))
                {
                    return $"JSON property '{SafeText.Printable(reader.GetString() ?? "")}' is given more than once";
                }
            }
        }
        catch (JsonException)
        {
            return "the body is not valid JSON";
        }

        return null;
    }

    /// <summary>The Host header names Sidecar's loopback address (or the operator opted out); the WebSocket upgrade's check too.</summary>
    public static string? CheckHost(HttpRequest request, bool anyHost) =>
        anyHost || IsLoopbackHost(request.Host)
            ? null
            : $"the Host header must name Sidecar's loopback address (got '{SafeText.Printable(request.Host.Value ?? "")}'): requests through other names are refused to stop DNS rebinding";

    private static bool IsLoopbackHost(HostString host)
    {
        if (!host.HasValue)
        {
            return true;
        }

        // The usual Host, without parsing (and allocating) an address: 127.0.0.1 or localhost, with or without a port.
        var value = host.Value.AsSpan();
        if (IsNameWithOptionalPort(value, "127.0.0.1") || IsNameWithOptionalPort(value, "localhost"))
        {
            return true;
        }

        var name = host.Host;
        return string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase)
            || IPAddress.TryParse(name.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    private static bool IsNameWithOptionalPort(ReadOnlySpan<char> host, string name) =>
        host.StartsWith(name, StringComparison.OrdinalIgnoreCase) && (host.Length == name.Length || host[name.Length] == ':');

}

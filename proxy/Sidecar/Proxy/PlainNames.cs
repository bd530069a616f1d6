using System.Text.Json;
using Sidecar.Signing;

namespace Sidecar.Proxy;

/// <summary>
/// The allocation-free first look of <see cref="RequestCanonicalizer"/> at the usual request: every form name and
/// top-level JSON key plain ASCII (no percent-encoding, no JSON escape) and each given once. For such names the
/// raw bytes are the names the exchange reads, so comparing bytes is the whole check. Anything else — a repeat, an
/// encoded, escaped or non-ASCII name, invalid JSON, more names than fit — answers false, and the canonicalizer
/// judges the request again with its full reading (which also words the refusal).
/// </summary>
internal static class PlainNames
{
    /// <summary>More names than this in one request go to the full reading.</summary>
    private const int MaxNames = 64;

    /// <summary>True when the names of <paramref name="query"/> and <paramref name="form"/> are plain and all different.</summary>
    public static bool AreUniqueInForms(ReadOnlySpan<byte> query, ReadOnlySpan<byte> form)
    {
        var count = 0;
        return ArePlainAndNew(query, earlier: default, ref count) && ArePlainAndNew(form, earlier: query, ref count);
    }

    /// <summary>True when <paramref name="json"/> is valid JSON whose top-level keys are plain and all different.</summary>
    public static bool AreUniqueInJson(ReadOnlySpan<byte> json)
    {
        Span<NameRange> keys = stackalloc NameRange[MaxNames];
        var count = 0;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 32 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                if (reader.ValueIsEscaped || reader.HasValueSequence || !IsPlain(reader.ValueSpan) || count == keys.Length)
                {
                    return false;
                }

                // The key's bytes, without its quotes, start one byte after the token.
                var key = new NameRange((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
                for (var i = 0; i < count; i++)
                {
                    if (json.Slice(keys[i].Start, keys[i].Length).SequenceEqual(reader.ValueSpan))
                    {
                        return false;
                    }
                }

                keys[count++] = key;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return true;
    }

    // Each name of text plain and found neither before it in text nor in earlier. Quadratic in the names, hence
    // MaxNames.
    private static bool ArePlainAndNew(ReadOnlySpan<byte> text, ReadOnlySpan<byte> earlier, ref int count)
    {
        var rest = text;
        while (!rest.IsEmpty)
        {
            var before = text[..(text.Length - rest.Length)];
            var segment = FormParameters.NextSegment(rest, out rest);
            if (segment.IsEmpty)
            {
                continue;
            }

            var name = FormParameters.NameOf(segment);
            if (!IsPlain(name) || name.Contains((byte)'%') || ++count > MaxNames
                || FormParameters.Contains(before, name) || FormParameters.Contains(earlier, name))
            {
                return false;
            }
        }

        return true;
    }

    // ASCII only: UTF-8 decoding is then the identity, so equal bytes are equal names and different bytes different.
    private static bool IsPlain(ReadOnlySpan<byte> name) => !name.ContainsAnyExceptInRange((byte)0, (byte)0x7F);

    private readonly record struct NameRange(int Start, int Length);
}

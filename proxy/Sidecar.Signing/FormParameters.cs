namespace Sidecar.Signing;

/// <summary>
/// Operations on raw <c>name=value&amp;…</c> strings (query strings and form bodies) that keep every other byte
/// exactly as the bot sent it: no decoding, no re-encoding, no reordering.
/// </summary>
public static class FormParameters
{
    /// <summary>True when a parameter with exactly this (raw) name is present.</summary>
    public static bool Contains(ReadOnlySpan<byte> form, ReadOnlySpan<byte> name)
    {
        while (!form.IsEmpty)
        {
            var segment = NextSegment(form, out form);
            if (NameOf(segment).SequenceEqual(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The raw value of the first parameter with this name, or empty when absent.</summary>
    public static ReadOnlySpan<byte> ValueOf(ReadOnlySpan<byte> form, ReadOnlySpan<byte> name, out bool found)
    {
        while (!form.IsEmpty)
        {
            var segment = NextSegment(form, out form);
            if (NameOf(segment).SequenceEqual(name))
            {
                found = true;
                return segment.Length > name.Length ? segment[(name.Length + 1)..] : [];
            }
        }

        found = false;
        return [];
    }

    /// <summary>Appends <paramref name="form"/> to <paramref name="destination"/> without the parameters named <paramref name="name"/>.</summary>
    public static void CopyWithout(ReadOnlySpan<byte> form, ReadOnlySpan<byte> name, ByteBuilder destination)
    {
        var first = true;
        while (!form.IsEmpty)
        {
            var segment = NextSegment(form, out form);
            if (NameOf(segment).SequenceEqual(name))
            {
                continue;
            }

            if (!first)
            {
                destination.Append((byte)'&');
            }

            destination.Append(segment);
            first = false;
        }
    }

    /// <summary>Appends <paramref name="form"/> to <paramref name="destination"/> without the parameters named either name.</summary>
    public static void CopyWithout(ReadOnlySpan<byte> form, ReadOnlySpan<byte> name, ReadOnlySpan<byte> otherName, ByteBuilder destination)
    {
        var first = true;
        while (!form.IsEmpty)
        {
            var segment = NextSegment(form, out form);
            var segmentName = NameOf(segment);
            if (segmentName.SequenceEqual(name) || segmentName.SequenceEqual(otherName))
            {
                continue;
            }

            if (!first)
            {
                destination.Append((byte)'&');
            }

            destination.Append(segment);
            first = false;
        }
    }

    /// <summary>Appends <c>&amp;name=value</c> (or <c>name=value</c> to an empty form).</summary>
    public static void Append(ByteBuilder destination, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        AppendName(destination, name);
        destination.Append(value);
    }

    /// <summary>Appends <c>&amp;name=123</c> without formatting through a string.</summary>
    public static void Append(ByteBuilder destination, ReadOnlySpan<byte> name, long value)
    {
        AppendName(destination, name);
        var span = destination.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        destination.Advance(written);
    }

    private static void AppendName(ByteBuilder destination, ReadOnlySpan<byte> name)
    {
        if (destination.Length > 0)
        {
            destination.Append((byte)'&');
        }

        destination.Append(name);
        destination.Append((byte)'=');
    }

    /// <summary>The first <c>name=value</c> segment of <paramref name="form"/> (raw, possibly empty), and what follows its <c>&amp;</c>.</summary>
    public static ReadOnlySpan<byte> NextSegment(ReadOnlySpan<byte> form, out ReadOnlySpan<byte> rest)
    {
        var amp = form.IndexOf((byte)'&');
        if (amp < 0)
        {
            rest = [];
            return form;
        }

        rest = form[(amp + 1)..];
        return form[..amp];
    }

    /// <summary>The raw name of a segment: everything before its first <c>=</c>.</summary>
    public static ReadOnlySpan<byte> NameOf(ReadOnlySpan<byte> segment)
    {
        var eq = segment.IndexOf((byte)'=');
        return eq < 0 ? segment : segment[..eq];
    }
}

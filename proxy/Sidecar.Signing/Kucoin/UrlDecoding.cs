namespace Sidecar.Signing.Kucoin;

/// <summary>Percent-decoding into a <see cref="ByteBuilder"/> without allocating, for KuCoin's prehash.</summary>
internal static class UrlDecoding
{
    /// <summary>
    /// Appends <paramref name="encoded"/> with every <c>%XX</c> (two hex digits) replaced by its byte and, when
    /// <paramref name="plusIsSpace"/>, every <c>+</c> by a space. A <c>%</c> not followed by two hex digits is kept.
    /// </summary>
    public static void AppendDecoded(ByteBuilder destination, ReadOnlySpan<byte> encoded, bool plusIsSpace)
    {
        var span = destination.GetSpan(encoded.Length);
        var written = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == (byte)'%' && i + 2 < encoded.Length && TryHex(encoded[i + 1], out var high) && TryHex(encoded[i + 2], out var low))
            {
                span[written++] = (byte)((high << 4) | low);
                i += 2;
            }
            else if (b == (byte)'+' && plusIsSpace)
            {
                span[written++] = (byte)' ';
            }
            else
            {
                span[written++] = b;
            }
        }

        destination.Advance(written);
    }

    private static bool TryHex(byte c, out int value)
    {
        value = c switch
        {
            >= (byte)'0' and <= (byte)'9' => c - '0',
            >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}

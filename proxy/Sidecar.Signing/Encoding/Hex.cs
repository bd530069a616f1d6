namespace Sidecar.Signing.Encoding;

/// <summary>Lower-case hex into a byte span (ASCII), without the string that <see cref="Convert.ToHexStringLower(byte[])"/> allocates.</summary>
public static class Hex
{
    private static ReadOnlySpan<byte> Digits => "0123456789abcdef"u8;

    public static int EncodeLower(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var length = source.Length * 2;
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, length, nameof(destination));
        for (var i = 0; i < source.Length; i++)
        {
            var b = source[i];
            destination[2 * i] = Digits[b >> 4];
            destination[(2 * i) + 1] = Digits[b & 0xF];
        }

        return length;
    }
}

namespace Sidecar.Signing.Encoding;

/// <summary>RFC 3986 percent-encoding of a query component: unreserved characters stay, everything else is %XX.</summary>
internal static class PercentEncoding
{
    private static ReadOnlySpan<byte> Digits => "0123456789ABCDEF"u8;

    public static int EncodeComponent(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var written = 0;
        foreach (var b in source)
        {
            if (IsUnreserved(b))
            {
                destination[written++] = b;
            }
            else
            {
                destination[written++] = (byte)'%';
                destination[written++] = Digits[b >> 4];
                destination[written++] = Digits[b & 0xF];
            }
        }

        return written;
    }

    private static bool IsUnreserved(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~';
}

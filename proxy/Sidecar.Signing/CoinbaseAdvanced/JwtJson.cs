namespace Sidecar.Signing.CoinbaseAdvanced;

/// <summary>
/// The few JSON pieces a JWT header and claim set need, written straight into bytes: literal text, integers and
/// escaped string contents. Output is ASCII: anything outside printable ASCII is written as <c>\uXXXX</c>.
/// </summary>
internal static class JwtJson
{
    /// <summary>The most bytes <see cref="WriteEscaped(ReadOnlySpan{char}, Span{byte})"/> writes per input character.</summary>
    public const int MaxEscapedBytesPerChar = 6;

    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

    public static int WriteEscaped(ReadOnlySpan<char> text, Span<byte> destination)
    {
        var written = 0;
        foreach (var c in text)
        {
            written += WriteEscaped(c, destination[written..]);
        }

        return written;
    }

    public static int WriteEscaped(ReadOnlySpan<byte> ascii, Span<byte> destination)
    {
        var written = 0;
        foreach (var b in ascii)
        {
            written += WriteEscaped((char)b, destination[written..]);
        }

        return written;
    }

    private static int WriteEscaped(char c, Span<byte> destination)
    {
        if (c is '"' or '\\')
        {
            destination[0] = (byte)'\\';
            destination[1] = (byte)c;
            return 2;
        }

        if (c is >= ' ' and <= '~')
        {
            destination[0] = (byte)c;
            return 1;
        }

        destination[0] = (byte)'\\';
        destination[1] = (byte)'u';
        destination[2] = HexDigits[(c >> 12) & 0xF];
        destination[3] = HexDigits[(c >> 8) & 0xF];
        destination[4] = HexDigits[(c >> 4) & 0xF];
        destination[5] = HexDigits[c & 0xF];
        return 6;
    }
}

namespace Sidecar.Proxy;

/// <summary>
/// Decodes ccxt's encoded proxyUrl form (JavaScript <c>encodeURIComponent</c> of the whole URL) exactly once, so
/// the query comes back byte-for-byte as ccxt built it — its own percent-escapes included.
/// </summary>
internal static class PercentDecoding
{
    public static bool TryDecodeOnce(ReadOnlySpan<char> encoded, out string decoded)
    {
        Span<char> buffer = encoded.Length <= 2048 ? stackalloc char[encoded.Length] : new char[encoded.Length];
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c == '%')
            {
                if (i + 2 >= encoded.Length || !char.IsAsciiHexDigit(encoded[i + 1]) || !char.IsAsciiHexDigit(encoded[i + 2]))
                {
                    decoded = "";
                    return false;
                }

                var value = (HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2]);
                if (value is < 0x21 or > 0x7E)
                {
                    // The decoded URL must be printable ASCII: no spaces, controls or raw UTF-8 bytes.
                    decoded = "";
                    return false;
                }

                c = (char)value;
                i += 2;
            }

            buffer[length++] = c;
        }

        decoded = new string(buffer[..length]);
        return true;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

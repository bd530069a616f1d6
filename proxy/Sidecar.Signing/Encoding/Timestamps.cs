namespace Sidecar.Signing.Encoding;

/// <summary>The timestamp spellings exchanges sign, written as ASCII bytes without allocating.</summary>
internal static class Timestamps
{
    public static int WriteInteger(long value, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(value, destination, out var written);
        return written;
    }

    /// <summary>Unix seconds with millisecond decimals, e.g. <c>1700000000.123</c> (Coinbase Exchange accepts decimals).</summary>
    public static int WriteUnixSecondsWithMillis(long unixMilliseconds, Span<byte> destination)
    {
        var written = WriteInteger(unixMilliseconds / 1000, destination);
        destination[written++] = (byte)'.';
        var millis = (int)(unixMilliseconds % 1000);
        destination[written++] = (byte)('0' + (millis / 100));
        destination[written++] = (byte)('0' + (millis / 10 % 10));
        destination[written++] = (byte)('0' + (millis % 10));
        return written;
    }

    /// <summary>ISO 8601 UTC with milliseconds, e.g. <c>2020-12-08T09:08:57.715Z</c> (OKX).</summary>
    public static int WriteIso8601Millis(long unixMilliseconds, Span<byte> destination)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime;
        Utf8Formatter.TryFormat(time, destination, out var written, new System.Buffers.StandardFormat('O'));

        // 'O' writes 7 fractional digits and no 'Z' for a UTC DateTime written this way ("…57.7150000Z"): keep 3.
        var dot = destination[..written].IndexOf((byte)'.');
        destination[dot + 4] = (byte)'Z';
        return dot + 5;
    }
}

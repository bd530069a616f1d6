namespace Sidecar.Proxy;

/// <summary>Echoes request text back in error messages and logs only as clipped, printable ASCII.</summary>
internal static class SafeText
{
    public static string Printable(ReadOnlySpan<char> value)
    {
        var clipped = value.Length > 64 ? value[..64] : value;
        return string.Create(clipped.Length, clipped.ToString(), static (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                // Apostrophes too: messages quote the echoed value with them.
                span[i] = s[i] is >= ' ' and <= '~' and not '\'' ? s[i] : '?';
            }
        });
    }
}

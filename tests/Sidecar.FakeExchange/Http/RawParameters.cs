namespace Sidecar.FakeExchange.Http;

/// <summary>One <c>name=value</c> segment of a query string or form body, as sent (not decoded).</summary>
internal readonly record struct RawParameter(string RawName, string RawValue, int Start, int Length)
{
    public string Name => FormDecoding.Decode(RawName);

    public string Value => FormDecoding.Decode(RawValue);
}

/// <summary>Splits a raw query string or application/x-www-form-urlencoded body into segments, keeping their positions.</summary>
internal static class RawParameters
{
    public static List<RawParameter> Split(string raw)
    {
        var result = new List<RawParameter>();
        var start = 0;
        while (start <= raw.Length)
        {
            var end = raw.IndexOf('&', start);
            if (end < 0)
            {
                end = raw.Length;
            }

            if (end > start)
            {
                var segment = raw.AsSpan(start, end - start);
                var equals = segment.IndexOf('=');
                var name = equals < 0 ? segment.ToString() : segment[..equals].ToString();
                var value = equals < 0 ? string.Empty : segment[(equals + 1)..].ToString();
                result.Add(new RawParameter(name, value, start, end - start));
            }

            start = end + 1;
        }

        return result;
    }
}

/// <summary>Form-urlencoded decoding: '+' is a space, %XX is a UTF-8 byte.</summary>
internal static class FormDecoding
{
    public static string Decode(string raw) =>
        raw.Contains('%', StringComparison.Ordinal) || raw.Contains('+', StringComparison.Ordinal)
            ? Uri.UnescapeDataString(raw.Replace('+', ' '))
            : raw;
}

using Sidecar.FakeExchange.Binance;

namespace Sidecar.FakeExchange.Http;

/// <summary>The decoded parameters of a request: query string plus form body. A name sent twice (in one part or
/// across both) is rejected before a handler runs, so each name maps to one value.</summary>
internal sealed class RequestParameters
{
    private readonly Dictionary<string, string> _values;

    private RequestParameters(Dictionary<string, string> values) => _values = values;

    public static RequestParameters Empty { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>Decodes both parts; returns null if any name occurs more than once.</summary>
    public static RequestParameters? TryCreate(IEnumerable<RawParameter> query, IEnumerable<RawParameter> body) =>
        FromValues(query.Concat(body).Select(p => KeyValuePair.Create(p.Name, p.Value)));

    /// <summary>Parameters already decoded (WebSocket API params); returns null if any name occurs more than once.</summary>
    public static RequestParameters? FromValues(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            if (!values.TryAdd(name, value))
            {
                return null;
            }
        }

        return new RequestParameters(values);
    }

    public int Count => _values.Count;

    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The value, or null when absent. An empty value is returned as "".</summary>
    public string? Get(string name) => _values.TryGetValue(name, out var value) ? value : null;

    /// <summary>The value when present and non-empty; otherwise the -1102 error for a mandatory parameter.</summary>
    public bool TryGetRequired(string name, out string value, out BinanceError? error)
    {
        var found = Get(name);
        if (string.IsNullOrEmpty(found))
        {
            value = string.Empty;
            error = BinanceErrors.MandatoryParameter(name);
            return false;
        }

        value = found;
        error = null;
        return true;
    }

    /// <summary>Parses a DECIMAL parameter the way Binance documents it: digits, optionally '.' and digits.</summary>
    public bool TryGetDecimal(string name, bool required, out decimal? value, out BinanceError? error)
    {
        value = null;
        error = null;
        var raw = Get(name);
        if (raw is null)
        {
            if (required)
            {
                error = BinanceErrors.MandatoryParameter(name);
            }

            return !required;
        }

        if (raw.Length == 0)
        {
            error = BinanceErrors.MandatoryParameter(name);
            return false;
        }

        if (!IsPlainDecimal(raw) ||
            !decimal.TryParse(raw, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed))
        {
            error = BinanceErrors.IllegalDecimal(name);
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>Parses a LONG parameter; absent gives null (and true), malformed gives the -1102 error.</summary>
    public bool TryGetLong(string name, out long? value, out BinanceError? error)
    {
        value = null;
        error = null;
        var raw = Get(name);
        if (raw is null)
        {
            return true;
        }

        if (raw.Length == 0 || !raw.All(char.IsAsciiDigit) ||
            !long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            error = BinanceErrors.MandatoryParameter(name);
            return false;
        }

        value = parsed;
        return true;
    }

    private static bool IsPlainDecimal(string raw)
    {
        var dot = raw.IndexOf('.', StringComparison.Ordinal);
        var integer = dot < 0 ? raw : raw[..dot];
        var fraction = dot < 0 ? null : raw[(dot + 1)..];
        return integer.Length is >= 1 and <= 20 && integer.All(char.IsAsciiDigit) &&
               (fraction is null || (fraction.Length is >= 1 and <= 20 && fraction.All(char.IsAsciiDigit)));
    }
}

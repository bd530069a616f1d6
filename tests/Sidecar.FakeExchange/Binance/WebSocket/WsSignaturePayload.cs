namespace Sidecar.FakeExchange.Binance.WebSocket;

/// <summary>
/// The WebSocket API signature payload (web-socket-api.md "SIGNED request example", step 1): every request param
/// except <c>signature</c>, sorted by name, as <c>name=value</c> joined with <c>&amp;</c>, values UTF-8 and not
/// percent-encoded. A value is its JSON token's own text, strings unescaped (ccxt signs <c>recvWindow=10000</c> and
/// <c>returnRateLimits=false</c> from JSON numbers and booleans).
/// </summary>
internal static class WsSignaturePayload
{
    public const string SignatureParameter = "signature";

    /// <summary>The payload, or null when a name occurs twice: the payload would be ambiguous, and Binance refuses
    /// such requests anyway (-1101).</summary>
    public static string? Build(IReadOnlyList<WsParameter> parameters)
    {
        var signed = new List<WsParameter>(parameters.Count);
        foreach (var parameter in parameters)
        {
            if (parameter.Name != SignatureParameter)
            {
                signed.Add(parameter);
            }
        }

        // "Alphabetical order by parameter name": ordinal, as the docs' examples (apiKey < price) and every client do.
        signed.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var payload = new StringBuilder();
        for (var i = 0; i < signed.Count; i++)
        {
            if (i > 0)
            {
                if (signed[i].Name == signed[i - 1].Name)
                {
                    return null;
                }

                payload.Append('&');
            }

            payload.Append(signed[i].Name).Append('=').Append(signed[i].Value);
        }

        return payload.ToString();
    }
}

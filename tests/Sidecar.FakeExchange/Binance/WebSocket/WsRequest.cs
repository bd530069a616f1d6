namespace Sidecar.FakeExchange.Binance.WebSocket;

/// <summary>One member of a request's <c>params</c> object.</summary>
/// <param name="Name">The member name, unescaped.</param>
/// <param name="Value">The value as a parameter: a string's unescaped text, any other token's own JSON text (numbers
/// as written, <c>true</c>/<c>false</c>/<c>null</c>, arrays and objects whole). This is what the signature payload
/// and the handlers see.</param>
/// <param name="Json">The value exactly as received: JSON text, strings with their quotes and escapes.</param>
/// <param name="Kind">The value's JSON token type.</param>
internal readonly record struct WsParameter(string Name, string Value, string Json, JsonTokenType Kind);

/// <summary>
/// A WebSocket API request frame taken apart as received: <c>{"id":…,"method":"…","params":{…}}</c>
/// (web-socket-api.md "Request format": id INT/STRING/null, method STRING, params OBJECT, may be omitted).
/// </summary>
internal sealed class WsRequest
{
    public static WsRequest Unreadable { get; } = new() { Malformed = true };

    /// <summary>The <c>id</c> token's JSON text exactly as received (<c>"abc"</c> with its quotes, <c>7</c>,
    /// <c>null</c>), echoed in the answer; null when the frame had no usable id.</summary>
    public string? Id { get; init; }

    public string? Method { get; init; }

    /// <summary>The <c>params</c> object's JSON text exactly as received; null when absent.</summary>
    public string? RawParams { get; init; }

    /// <summary>The members of <c>params</c> in the order received, duplicates included.</summary>
    public IReadOnlyList<WsParameter> Params { get; init; } = [];

    /// <summary>Not a JSON object with a string <c>method</c>, an id of a legal type and an object <c>params</c>.</summary>
    public bool Malformed { get; init; }

    /// <summary>The value of the first parameter called <paramref name="name"/>, or null.</summary>
    public string? Get(string name)
    {
        foreach (var parameter in Params)
        {
            if (parameter.Name == name)
            {
                return parameter.Value;
            }
        }

        return null;
    }

    public bool Has(string name) => Get(name) is not null;
}

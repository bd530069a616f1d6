namespace Sidecar.Signing;

/// <summary>
/// A request as a bot sends it to an exchange, unsigned: the benchmarks sign it and the conformance tests check that
/// every exchange classifies it as an order and signs it.
/// </summary>
public sealed record SampleRequest(string Method, string Path, string Query, string Body, BodyFormat Format, string Host)
{
    /// <summary>An API key id in the exchange's own shape (Coinbase's CDP keys are resource names).</summary>
    public string ApiKey { get; init; } = "api-key-id";

    public static SampleRequest Form(string method, string path, string form, string host) => new(method, path, "", form, BodyFormat.Form, host);

    public static SampleRequest Json(string method, string path, string json, string host) => new(method, path, "", json, BodyFormat.Json, host);

    public static SampleRequest WithQuery(string method, string path, string query, string host) => new(method, path, query, "", BodyFormat.None, host);
}

namespace Sidecar.FakeExchange.Common;

/// <summary>
/// One REST request as a fake received it: the raw path and query (never decoded), the body, the headers by
/// lower-case name. Answers go back through <see cref="AnswerAsync"/>, which records the request (unless Sidecar sent
/// it on its own, <see cref="SidecarBackground"/>) before writing.
/// </summary>
internal sealed class FakeRestRequest
{
    private FakeRestRequest(HttpContext context, string path, string query, byte[] body)
    {
        Context = context;
        Path = path;
        Query = query;
        Body = body;
        Headers = FakeHttp.Headers(context.Request);
    }

    public HttpContext Context { get; }

    public HttpRequest Request => Context.Request;

    public string Method => Context.Request.Method;

    public string Path { get; }

    public string Query { get; }

    public byte[] Body { get; }

    public Dictionary<string, string> Headers { get; }

    /// <summary>The body decoded as UTF-8 byte for byte (a byte-order mark stays).</summary>
    public string Utf8Body => Encoding.UTF8.GetString(Body);

    /// <summary>The body as a UTF-8 <see cref="StreamReader"/> reads it (a byte-order mark is taken as one).</summary>
    public string ReaderBody
    {
        get
        {
            using var reader = new StreamReader(new MemoryStream(Body), Encoding.UTF8);
            return reader.ReadToEnd();
        }
    }

    public static async Task<FakeRestRequest> ReadAsync(HttpContext context)
    {
        var (path, query) = LoopbackServer.RawTarget(context);
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return new FakeRestRequest(context, path, query, buffer.ToArray());
    }

    /// <summary>Records the request with its verdict in <paramref name="journal"/>, then writes the answer.</summary>
    public Task AnswerAsync(
        ExchangeRequestJournal journal,
        string body,
        SignatureCheck check,
        int status,
        string? error,
        string answer,
        string contentType = "application/json")
    {
        journal.Record(Request, new ExchangeRequest(Method, Path, Query, body, Headers, check, status, error));
        Context.Response.StatusCode = status;
        Context.Response.ContentType = contentType;
        return Context.Response.WriteAsync(answer, Context.RequestAborted);
    }
}

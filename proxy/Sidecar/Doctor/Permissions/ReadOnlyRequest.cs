using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sidecar.Proxy;
using Sidecar.Signing;
using Sidecar.Signing.Permissions;
using Sidecar.Signing.Policy;

namespace Sidecar.Doctor.Permissions;

/// <summary>
/// Sends one read-only request (the doctor's permission probe, a reconcile poll) to a venue's fixed upstream, signed
/// by the venue's own scheme with the venue's own key (inside the HSM), exactly as the proxy would sign it. Refuses
/// any endpoint the scheme's catalog files under a category that can move funds, trade or change keys, so what is
/// sent this way can only ever read.
/// </summary>
internal static class ReadOnlyRequest
{
    /// <summary>The largest answer read by default: the permission endpoints answer a few hundred bytes.</summary>
    public const int MaxAnswerBytes = 64 * 1024;

    public sealed record Answer(int Status, JsonElement? Json, string? Problem);

    public static Task<Answer> SendAsync(PermissionProbe probe, Venue venue, HttpMessageInvoker client, TimeProvider clock, CancellationToken cancellationToken) =>
        SendAsync(new Call(probe.Method, probe.Path, probe.Query, probe.Body, probe.BodyFormat), venue, client, clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);

    /// <summary>One read-only request: its target, body, and how much of the answer is read.</summary>
    /// <param name="UserAgent">Names the sender to the exchange (the reconcile poll); none when null.</param>
    /// <param name="MaxAnswerBytes">The largest answer read; a larger one is not JSON to this reader.</param>
    public sealed record Call(string Method, string Path, string Query, string Body, BodyFormat BodyFormat, string? UserAgent = null,
        int MaxAnswerBytes = ReadOnlyRequest.MaxAnswerBytes);

    /// <summary>
    /// Signs <paramref name="call"/> with the venue's scheme and key at <paramref name="unixTimeMilliseconds"/> (the
    /// exchange's time where known) and sends it to the venue's upstream; <paramref name="onResponse"/> sees the
    /// answer's headers.
    /// </summary>
    public static async Task<Answer> SendAsync(Call call, Venue venue, HttpMessageInvoker client, long unixTimeMilliseconds, CancellationToken cancellationToken,
        Action<HttpResponseMessage>? onResponse = null)
    {
        var path = Encoding.ASCII.GetBytes(call.Path);
        var endpoint = venue.Exchange.Endpoints.Find(call.Method, path);
        if (endpoint.Category is not (EndpointCategory.Read or EndpointCategory.Unknown))
        {
            return new Answer(0, null, $"refused to send {call.Method} {call.Path}: the {venue.Exchange.Name} endpoint table files it under {endpoint.Category}, and only reads are sent");
        }

        var query = Encoding.ASCII.GetBytes(call.Query);
        var body = Encoding.UTF8.GetBytes(call.Body);
        using var signed = new SignedRequest();
        var outcome = venue.Scheme.Sign(new SigningInput
        {
            Method = call.Method,
            Path = path,
            Endpoint = endpoint,
            Query = query,
            Body = body,
            BodyFormat = call.BodyFormat,
            Host = venue.SignedHost,
            UnixTimeMilliseconds = unixTimeMilliseconds,
        }, venue.Credentials, signed);
        if (outcome == SignOutcome.Rejected)
        {
            return new Answer(0, null, $"the {venue.Scheme.Name} scheme would not sign {call.Method} {call.Path}: {signed.Error}");
        }

        var isSigned = outcome == SignOutcome.Signed;
        var sentQuery = isSigned ? Encoding.ASCII.GetString(signed.Query.WrittenSpan) : call.Query;
        var sentBody = isSigned ? signed.Body.WrittenSpan.ToArray() : body;
        using var request = new HttpRequestMessage(new HttpMethod(call.Method), UpstreamUri.Build(venue.UpstreamBase, call.Path, sentQuery));
        if (sentBody.Length > 0 || call.Method != "GET")
        {
            request.Content = new ByteArrayContent(sentBody);
            request.Content.Headers.ContentType = call.BodyFormat == BodyFormat.Json
                ? new MediaTypeHeaderValue("application/json")
                : new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        }

        if (call.UserAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", call.UserAgent);
        }

        var headers = signed.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            request.Headers.TryAddWithoutValidation(headers.NameAt(i), headers.ConstantValueAt(i) ?? Encoding.ASCII.GetString(headers.ComputedValueAt(i)));
        }

        using var response = await client.SendAsync(request, cancellationToken);
        onResponse?.Invoke(response);
        var status = (int)response.StatusCode;
        var bytes = await ReadBoundedAsync(response.Content, call.MaxAnswerBytes, cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return new Answer(status, document.RootElement.Clone(), null);
        }
        catch (JsonException)
        {
            return new Answer(status, null, $"HTTP {status} with an answer that is not JSON (or larger than {call.MaxAnswerBytes} bytes)");
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, int maxAnswerBytes, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxAnswerBytes)
            {
                break;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

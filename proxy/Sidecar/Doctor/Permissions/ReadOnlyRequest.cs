using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sidecar.Proxy;
using Sidecar.Signing;
using Sidecar.Signing.Permissions;
using Sidecar.Signing.Policy;

namespace Sidecar.Doctor.Permissions;

/// <summary>
/// Sends one probe to a venue's fixed upstream, signed by the venue's own scheme with the venue's own key (inside
/// the HSM), exactly as the proxy would sign it. Refuses any endpoint the scheme's catalog files under a category
/// that can move funds, trade or change keys, so the doctor can only ever read.
/// </summary>
internal static class ReadOnlyRequest
{
    /// <summary>The largest answer read: these endpoints answer a few hundred bytes.</summary>
    private const int MaxAnswerBytes = 64 * 1024;

    public sealed record Answer(int Status, JsonElement? Json, string? Problem);

    public static async Task<Answer> SendAsync(PermissionProbe probe, Venue venue, HttpMessageInvoker client, TimeProvider clock, CancellationToken cancellationToken)
    {
        var path = Encoding.ASCII.GetBytes(probe.Path);
        var endpoint = venue.Exchange.Endpoints.Find(probe.Method, path);
        if (endpoint.Category is not (EndpointCategory.Read or EndpointCategory.Unknown))
        {
            return new Answer(0, null, $"refused to send {probe.Method} {probe.Path}: the {venue.Exchange.Name} endpoint table files it under {endpoint.Category}, and the doctor only reads");
        }

        var query = Encoding.ASCII.GetBytes(probe.Query);
        var body = Encoding.UTF8.GetBytes(probe.Body);
        using var signed = new SignedRequest();
        var outcome = venue.Scheme.Sign(new SigningInput
        {
            Method = probe.Method,
            Path = path,
            Endpoint = endpoint,
            Query = query,
            Body = body,
            BodyFormat = probe.BodyFormat,
            Host = venue.SignedHost,
            UnixTimeMilliseconds = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        }, venue.Credentials, signed);
        if (outcome == SignOutcome.Rejected)
        {
            return new Answer(0, null, $"the {venue.Scheme.Name} scheme would not sign {probe.Method} {probe.Path}: {signed.Error}");
        }

        var isSigned = outcome == SignOutcome.Signed;
        var sentQuery = isSigned ? Encoding.ASCII.GetString(signed.Query.WrittenSpan) : probe.Query;
        var sentBody = isSigned ? signed.Body.WrittenSpan.ToArray() : body;
        using var request = new HttpRequestMessage(new HttpMethod(probe.Method), UpstreamUri.Build(venue.UpstreamBase, probe.Path, sentQuery));
        if (sentBody.Length > 0 || probe.Method != "GET")
        {
            request.Content = new ByteArrayContent(sentBody);
            request.Content.Headers.ContentType = probe.BodyFormat == BodyFormat.Json
                ? new MediaTypeHeaderValue("application/json")
                : new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        }

        var headers = signed.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            request.Headers.TryAddWithoutValidation(headers.NameAt(i), headers.ConstantValueAt(i) ?? Encoding.ASCII.GetString(headers.ComputedValueAt(i)));
        }

        using var response = await client.SendAsync(request, cancellationToken);
        var status = (int)response.StatusCode;
        var bytes = await ReadBoundedAsync(response.Content, cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return new Answer(status, document.RootElement.Clone(), null);
        }
        catch (JsonException)
        {
            return new Answer(status, null, $"HTTP {status} with an answer that is not JSON");
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxAnswerBytes)
            {
                break;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

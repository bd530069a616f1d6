using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Sidecar.Proxy;

/// <summary>Writes <c>{"error":{"code":"…","message":"…"}}</c> with <c>X-Sidecar-Error</c>.</summary>
internal static class ErrorResponse
{
    // Relaxed escaping keeps quotes in messages readable; the body is application/json, never HTML.
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext context, int status, string code, string message, string? retryAfter = null)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            // Too late for a clean error: abort so the bot sees a broken response, never a truncated success.
            context.Abort();
            return;
        }

        response.Clear();
        response.StatusCode = status;
        response.Headers[ErrorCodes.Header] = code;
        if (retryAfter is not null)
        {
            response.Headers.RetryAfter = retryAfter;
        }

        response.Headers.CacheControl = "no-store";
        response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(response.Body, JsonOptions);
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("code", code);
        writer.WriteString("message", message);
        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}

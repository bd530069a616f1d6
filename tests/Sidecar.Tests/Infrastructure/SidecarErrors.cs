using System.Text.Json;

namespace Sidecar.Tests.Infrastructure;

/// <summary>What every refusal by Sidecar looks like: the status, the <c>X-Sidecar-Error</c> header and the JSON error body.</summary>
internal static class SidecarErrors
{
    public static async Task AssertAsync(HttpResponseMessage response, int status, string code)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, Assert.Single(response.Headers.GetValues("X-Sidecar-Error")));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
    }

    /// <summary>The same for an answer read off the socket by <see cref="RawHttp"/>.</summary>
    public static void AssertRaw(string answer, int status, string code)
    {
        Assert.StartsWith($"HTTP/1.1 {status} ", answer, StringComparison.Ordinal);
        Assert.Contains($"X-Sidecar-Error: {code}\r\n", answer, StringComparison.Ordinal);
        Assert.Contains($"\"code\":\"{code}\"", answer, StringComparison.Ordinal);
    }
}

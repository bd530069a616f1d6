using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Reload;

/// <summary>Reads /readyz and waits for a configuration reload to show there.</summary>
internal static class ReloadProbe
{
    public static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyzAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync("/readyz");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, doc.RootElement.Clone());
    }

    /// <summary>Polls until the "config" readiness part satisfies <paramref name="done"/>; fails after 20 s.</summary>
    public static Task<JsonElement> WaitForConfigAsync(HttpClient admin, Func<JsonElement, bool> done) =>
        Eventually.UntilAsync(async () => (await ReadyzAsync(admin)).Body.GetProperty("config"), done, "the reload to show in /readyz", TimeSpan.FromSeconds(20));

    public static Func<JsonElement, bool> Generation(int generation) => c => c.GetProperty("generation").GetInt32() == generation;

    public static bool Rejected(JsonElement config) => config.GetProperty("lastResult").GetString() == "rejected";

    /// <summary>
    /// Whether a Binance query's <c>signature</c> is HMAC-SHA256 with <paramref name="secret"/> over everything
    /// before it (Binance's totalParams for a request without a body), computed here from the docs.
    /// </summary>
    public static bool SignedWith(string query, string secret)
    {
        var at = query.LastIndexOf("&signature=", StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(query[..at]));
        return string.Equals(Convert.ToHexStringLower(expected), query[(at + "&signature=".Length)..], StringComparison.Ordinal);
    }
}

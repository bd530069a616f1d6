using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Sidecar.Tests.Signing.CoinbaseAdvanced;

/// <summary>A JWT taken apart for assertions: the exact JSON texts, the signed part and the raw signature.</summary>
internal sealed record Jwt(string HeaderJson, string ClaimsJson, string SigningInput, byte[] Signature)
{
    public JsonElement Header => JsonDocument.Parse(HeaderJson).RootElement;

    public JsonElement Claims => JsonDocument.Parse(ClaimsJson).RootElement;

    public static Jwt FromAuthorization(string authorization)
    {
        Assert.StartsWith("Bearer ", authorization, StringComparison.Ordinal);
        var parts = authorization["Bearer ".Length..].Split('.');
        Assert.Equal(3, parts.Length);
        Assert.All(parts, p => Assert.DoesNotContain('=', p));
        return new Jwt(
            Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0])),
            Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])),
            parts[0] + "." + parts[1],
            Base64Url.DecodeFromChars(parts[2]));
    }
}

using System.Text;
using Sidecar.Signing.Policy;

namespace Sidecar.Tests.Signing;

public sealed class EndpointPatternTests
{
    [Theory]
    [InlineData("GET /api/v3/account", "GET", "/api/v3/account", true)]
    [InlineData("GET /api/v3/account", "POST", "/api/v3/account", false)]
    [InlineData("get /api/v3/account", "GET", "/api/v3/account", true)]
    [InlineData("* /api/v3/account", "DELETE", "/api/v3/account", true)]
    [InlineData("GET /api/v3/account", "GET", "/api/v3/account/", false)]
    [InlineData("GET /api/v3/account", "GET", "/API/v3/account", false)]
    [InlineData("GET /api/v3/account", "GET", "/api/v3/accounts", false)]
    [InlineData("GET /api/*/account", "GET", "/api/v3/account", true)]
    [InlineData("GET /api/*/account", "GET", "/api/v3/x/account", false)]
    [InlineData("GET /api/*", "GET", "/api/", false)]
    [InlineData("GET /api/*", "GET", "/api/v3", true)]
    [InlineData("* /sapi/**", "POST", "/sapi/v1/capital/withdraw/apply", true)]
    [InlineData("* /sapi/**", "POST", "/sapi", true)]
    [InlineData("* /sapi/**", "POST", "/sapiv1", false)]
    [InlineData("* /**", "GET", "/anything/at/all", true)]
    [InlineData("POST /api/v3/order", "POST", "/api/v3/order", true)]
    public void Matches_methods_and_segments_case_sensitively(string pattern, string method, string path, bool expected) =>
        Assert.Equal(expected, EndpointPattern.Parse(pattern).Matches(method, Encoding.ASCII.GetBytes(path)));

    [Theory]
    [InlineData("/api/v3/order")]
    [InlineData("GET")]
    [InlineData("GET api/v3")]
    [InlineData("GET /api/**/order")]
    [InlineData("GET /api/v*/order")]
    [InlineData("G3T /api")]
    public void Malformed_rules_are_reported(string pattern)
    {
        Assert.False(EndpointPattern.TryParse(pattern, out _, out var error));
        Assert.Contains(pattern.Split(' ')[0], error, StringComparison.Ordinal);
    }
}

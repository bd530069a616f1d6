using System.Text;
using Microsoft.AspNetCore.Http;
using Sidecar.Proxy;
using Sidecar.Signing;

namespace Sidecar.Tests.Proxy;

/// <summary>
/// <see cref="RequestCanonicalizer"/> as a table: the allocation-free look at plain names (issue #8) must give the
/// same judgement as the full reading, on the usual requests and on each kind of name it hands over to it.
/// </summary>
public sealed class RequestCanonicalizerTests
{
    [Theory]
    [InlineData("", "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=1", "form", null)]
    [InlineData("symbol=BTCUSDT&limit=5", "", "none", null)]
    [InlineData("a=1&&b=2&", "c=3&d", "form", null)]
    [InlineData("a=1&a=2", "", "none", "parameter 'a' is given more than once in the query")]
    [InlineData("", "a=1&b=2&a=3", "form", "parameter 'a' is given more than once in the body")]
    [InlineData("symbol=X", "symbol=Y", "form", "parameter 'symbol' is given in both the query and the body")]
    [InlineData("symbol=X", "%73ymbol=Y", "form", "parameter 'symbol' is given in both the query and the body")]
    [InlineData("%73ymbol=X&s=1", "", "none", null)]
    [InlineData("", "\u00e9=1&%C3%A9=2", "form", "parameter '?' is given more than once in the body")] // raw and encoded UTF-8: one name
    [InlineData("a=1", "a=2", "other", null)] // a body that is not a form has no names
    [InlineData("a=1", "{\"a\":1,\"b\":{\"a\":2}}", "json", null)]
    [InlineData("", "{\"a\":1,\"a\":2}", "json", "JSON property 'a' is given more than once")]
    [InlineData("", "{\"a\":1,\"\\u0061\":2}", "json", "JSON property 'a' is given more than once")]
    [InlineData("", "[{\"a\":1},{\"a\":2}]", "json", null)]
    [InlineData("", "{\"a\":1,", "json", "the body is not valid JSON")]
    [InlineData("", "{\"a\":1,\"a\":2", "json", "JSON property 'a' is given more than once")]
    [InlineData("", "{\"a\":1} // comment", "json", "the body is not valid JSON")]
    public void Names_are_judged_alike_whichever_reading_decides(string query, string body, string format, string? expected)
    {
        Assert.Equal(expected, Check("127.0.0.1:8080", query, body, Format(format)));
    }

    [Theory]
    [InlineData("127.0.0.1:8080", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("LOCALHOST:1", true)]
    [InlineData("127.0.0.2:80", true)]
    [InlineData("[::1]:8080", true)]
    [InlineData("localhost.evil.example", false)]
    [InlineData("127.0.0.1.evil.example:80", false)]
    [InlineData("evil.example", false)]
    public void Only_loopback_host_names_pass(string host, bool passes)
    {
        var problem = Check(host, "", "", BodyFormat.None);
        Assert.Equal(passes, problem is null);
    }

    [Theory]
    [InlineData("", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=65000.5&newClientOrderId=bench-1&recvWindow=5000", BodyFormat.Form)]
    [InlineData("symbol=BTCUSDT&orderId=28&recvWindow=5000", "", BodyFormat.None)]
    [InlineData("", "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\",\"px\":\"1\",\"sz\":\"1\"}", BodyFormat.Json)]
    public void The_usual_request_is_checked_without_allocating(string query, string body, BodyFormat format)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString("127.0.0.1", 8080);
        var queryBytes = Encoding.ASCII.GetBytes(query);
        var bodyBytes = Encoding.ASCII.GetBytes(body);
        Assert.Null(RequestCanonicalizer.Check(context.Request, queryBytes, bodyBytes, format, anyHost: false)); // warm-up

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            RequestCanonicalizer.Check(context.Request, queryBytes, bodyBytes, format, anyHost: false);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static string? Check(string host, string query, string body, BodyFormat format)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(host);
        return RequestCanonicalizer.Check(context.Request, Encoding.UTF8.GetBytes(query), Encoding.UTF8.GetBytes(body), format, anyHost: false);
    }

    private static BodyFormat Format(string name) => name switch
    {
        "form" => BodyFormat.Form,
        "json" => BodyFormat.Json,
        "other" => BodyFormat.Other,
        _ => BodyFormat.None,
    };
}

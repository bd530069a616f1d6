using System.Net;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Binance.Limits;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Governor;

/// <summary>
/// The fake Binance's IP weight limit on its own, as the governor's tests rely on it (rest-api.md "IP Limits"):
/// every answer tells the minute's weight in X-MBX-USED-WEIGHT-1M, a request over the limit is answered 429 with
/// Retry-After to the next minute, repeated 429s ban the IP with 418 until the ban ends, and the next minute starts
/// from zero. On a test clock: nothing waits.
/// </summary>
public sealed class FakeBinanceLimitsTests
{
    [Fact]
    public async Task Over_its_weight_limit_the_fake_answers_429_then_bans_with_418_and_a_new_minute_starts_from_zero()
    {
        var clock = new TestClock();
        var now = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromSeconds(60 - now.Second + 15) - TimeSpan.FromMilliseconds(now.Millisecond));
        await using var exchange = await FakeBinance.StartAsync(new FakeBinanceOptions
        {
            ApiKey = "k", Secret = [1], Time = clock, SpotWeightPerMinute = 50, RejectionsBeforeBan = 3, BanDuration = TimeSpan.FromMinutes(2),
        });
        using var client = new HttpClient { BaseAddress = exchange.BaseAddress };

        var answers = new List<(HttpStatusCode Status, string Used, string? RetryAfter)>();
        for (var i = 0; i < 6; i++)
        {
            using var answer = await client.GetAsync("/api/v3/exchangeInfo"); // 20 each
            answers.Add((answer.StatusCode, answer.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single(),
                answer.Headers.TryGetValues("Retry-After", out var retry) ? retry.Single() : null));
        }

        Assert.Equal(
        [
            (HttpStatusCode.OK, "20", null), (HttpStatusCode.OK, "40", null),
            ((HttpStatusCode)429, "40", "45"), ((HttpStatusCode)429, "40", "45"),
            ((HttpStatusCode)418, "40", "120"), ((HttpStatusCode)418, "40", "120"),
        ], answers);
        Assert.Equal((2, 2), (exchange.Limits.Rejections, exchange.Limits.Bans));

        clock.Advance(TimeSpan.FromMinutes(1)); // a new minute, but still banned
        using (var banned = await client.GetAsync("/api/v3/ping"))
        {
            Assert.Equal((HttpStatusCode)418, banned.StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        using var again = await client.GetAsync("/api/v3/ping");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("1", again.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single());
        Assert.Equal(1, exchange.Limits.Used(WeightFamily.Spot));
    }
}

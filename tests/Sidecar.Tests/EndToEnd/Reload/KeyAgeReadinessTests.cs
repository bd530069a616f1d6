using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Reload;

/// <summary>Readiness part "keys": each venue's key age, and Keys:EnforceMaxAge turning an old key into a 503.</summary>
[Collection(HsmCollection.Name)]
public sealed class KeyAgeReadinessTests(SoftHsmToken token)
{
    private const int OldKeyAgeDays = 200;

    [Theory]
    [InlineData(true, HttpStatusCode.ServiceUnavailable)]
    [InlineData(false, HttpStatusCode.OK)]
    public async Task An_old_key_fails_readiness_only_when_EnforceMaxAge_is_on(bool enforce, HttpStatusCode expected)
    {
        var label = ImportKeyCreatedDaysAgo("aged", OldKeyAgeDays);
        var config = Config(label, enforce);
        await using var sidecar = await SidecarUnderTest.StartAsync(config);

        var (status, body) = await ReloadProbe.ReadyzAsync(sidecar.Admin);

        Assert.Equal(expected, status);
        Assert.Equal(enforce ? "unready" : "ready", body.GetProperty("status").GetString());
        var keys = body.GetProperty("keys");
        Assert.Equal(90, keys.GetProperty("maxAgeDays").GetInt32());
        Assert.Equal(enforce, keys.GetProperty("enforceMaxAge").GetBoolean());
        var key = Assert.Single(keys.GetProperty("venues").EnumerateArray());
        Assert.Equal("binance", key.GetProperty("venue").GetString());
        Assert.Equal(label, key.GetProperty("key").GetString());
        Assert.Equal(DateTime.UtcNow.Date.AddDays(-OldKeyAgeDays).ToString("yyyy-MM-dd"), key.GetProperty("created").GetString());
        Assert.Equal(OldKeyAgeDays, key.GetProperty("ageDays").GetInt32());
        Assert.True(key.GetProperty("tooOld").GetBoolean());
    }

    [Fact]
    public async Task A_fresh_key_is_ready_with_its_age_shown_even_when_enforced()
    {
        var label = ImportKeyCreatedDaysAgo("fresh", 0);
        await using var sidecar = await SidecarUnderTest.StartAsync(Config(label, enforce: true));

        var (status, body) = await ReloadProbe.ReadyzAsync(sidecar.Admin);

        Assert.Equal(HttpStatusCode.OK, status);
        var key = Assert.Single(body.GetProperty("keys").GetProperty("venues").EnumerateArray());
        Assert.Equal(0, key.GetProperty("ageDays").GetInt32());
        Assert.False(key.GetProperty("tooOld").GetBoolean());
    }

    [Fact]
    public async Task A_reload_re_evaluates_key_ages_and_the_enforcement()
    {
        var oldLabel = ImportKeyCreatedDaysAgo("reload-aged", OldKeyAgeDays);
        var freshLabel = ImportKeyCreatedDaysAgo("reload-fresh", 0);
        var config = Config(oldLabel, enforce: false);
        await using var sidecar = await SidecarUnderTest.StartAsync(config, watchConfig: true);
        Assert.Equal(HttpStatusCode.OK, (await ReloadProbe.ReadyzAsync(sidecar.Admin)).Status);

        config["Keys"]!["EnforceMaxAge"] = true;
        await sidecar.ReplaceConfigAsync(config);
        await ReloadProbe.WaitForConfigAsync(sidecar.Admin, ReloadProbe.Generation(2));
        var (enforced, enforcedBody) = await ReloadProbe.ReadyzAsync(sidecar.Admin);

        config["Venues"]!["binance"]!["Key"] = freshLabel;
        await sidecar.ReplaceConfigAsync(config);
        await ReloadProbe.WaitForConfigAsync(sidecar.Admin, ReloadProbe.Generation(3));
        var (rotated, rotatedBody) = await ReloadProbe.ReadyzAsync(sidecar.Admin);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, enforced);
        Assert.Equal(oldLabel, KeyOf(enforcedBody).GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.OK, rotated);
        Assert.Equal(freshLabel, KeyOf(rotatedBody).GetProperty("key").GetString());
        Assert.Equal(0, KeyOf(rotatedBody).GetProperty("ageDays").GetInt32());
    }

    private static JsonElement KeyOf(JsonElement readiness) => Assert.Single(readiness.GetProperty("keys").GetProperty("venues").EnumerateArray());

    private JsonObject Config(string label, bool enforce)
    {
        var config = SidecarUnderTest.Config(token, new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", new Uri("http://127.0.0.1:9"), "k", label) });
        config["Keys"] = new JsonObject { ["MaxAgeDays"] = 90, ["EnforceMaxAge"] = enforce };

        // The upstream is never reached: only the key ages may decide readiness, not an unmeasured clock.
        config["Clock"] = new JsonObject { ["LocalClockVenues"] = new JsonArray("binance") };
        return config;
    }

    // The token's creation date is written by the same import code that stamps every key, with its clock set back.
    private string ImportKeyCreatedDaysAgo(string prefix, int days)
    {
        var label = TestSecrets.Label(prefix);
        using var hsm = token.Connect(sessionKeyCopies: false, new FixedClock(DateTimeOffset.UtcNow.AddDays(-days)));
        hsm.ImportHmacSecret(label, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()), replace: false);
        return label;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Reload;

/// <summary>
/// Hot reload of the configuration file, end to end: a real sidecar watching its file, a fake Binance that
/// verifies signatures with its own code, keys on the SoftHSM2 token.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class ConfigReloadTests(SoftHsmToken token)
{
    [Fact]
    public async Task Changing_the_key_label_signs_new_requests_with_the_new_key_without_a_restart()
    {
        var (oldLabel, _) = ImportKey("old");
        var (newLabel, newSecret) = ImportKey("new");
        var apiKey = TestSecrets.ApiKey();

        // The exchange knows only the new secret: a valid signature proves the new key signed.
        await using var exchange = await FakeBinance.StartAsync(new FakeBinanceOptions { ApiKey = apiKey, Secret = Encoding.UTF8.GetBytes(newSecret) });
        var config = SidecarUnderTest.Config(token, new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", exchange.BaseAddress, apiKey, oldLabel) });
        await using var sidecar = await SidecarUnderTest.StartAsync(config, watchConfig: true);

        using (var before = await sidecar.Client.GetAsync("/binance/api/v3/account"))
        {
            Assert.NotEqual(HttpStatusCode.OK, before.StatusCode);
            Assert.Equal(SignatureCheck.Invalid, exchange.Requests[^1].Signature);
        }

        config["Venues"]!["binance"]!["Key"] = newLabel;
        await sidecar.ReplaceConfigAsync(config);
        var reloaded = await ReloadProbe.WaitForConfigAsync(sidecar.Admin, ReloadProbe.Generation(2));

        using var after = await sidecar.Client.GetAsync("/binance/api/v3/account");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(SignatureCheck.Valid, exchange.Requests[^1].Signature);
        Assert.Equal("applied", reloaded.GetProperty("lastResult").GetString());
        Assert.Equal("file changed", reloaded.GetProperty("lastTrigger").GetString());
        var (_, ready) = await ReloadProbe.ReadyzAsync(sidecar.Admin);
        Assert.Equal(newLabel, ready.GetProperty("venues")[0].GetProperty("key").GetString());
        Assert.Single(sidecar.Logs.Lines, l => l.Contains("[120]", StringComparison.Ordinal));
        Assert.DoesNotContain(newSecret, sidecar.Logs.All, StringComparison.Ordinal);
        Assert.Matches("sidecar_config_reloads_total\\{[^}]*result=\"applied\"", await sidecar.Admin.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task A_Kubernetes_ConfigMap_update_by_data_symlink_swap_is_applied()
    {
        var (oldLabel, _) = ImportKey("cm-old");
        var (newLabel, newSecret) = ImportKey("cm-new");
        var apiKey = TestSecrets.ApiKey();
        await using var exchange = await FakeBinance.StartAsync(new FakeBinanceOptions { ApiKey = apiKey, Secret = Encoding.UTF8.GetBytes(newSecret) });
        var config = SidecarUnderTest.Config(token, new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", exchange.BaseAddress, apiKey, oldLabel) });
        await using var sidecar = await SidecarUnderTest.StartAsync(config, watchConfig: true);

        // The layout kubelet gives a mounted ConfigMap: file → ..data/file, ..data → ..<timestamp>/.
        var directory = Path.GetDirectoryName(sidecar.ConfigPath)!;
        var name = Path.GetFileName(sidecar.ConfigPath);
        Directory.CreateDirectory(Path.Combine(directory, "..v1"));
        File.Copy(sidecar.ConfigPath, Path.Combine(directory, "..v1", name));
        Directory.CreateSymbolicLink(Path.Combine(directory, "..data"), "..v1");
        File.CreateSymbolicLink(sidecar.ConfigPath + ".link", Path.Combine("..data", name));
        File.Move(sidecar.ConfigPath + ".link", sidecar.ConfigPath, overwrite: true);

        // An update: a new timestamped directory, then ..data swapped to it in one rename. The file's own link never changes.
        config["Venues"]!["binance"]!["Key"] = newLabel;
        Directory.CreateDirectory(Path.Combine(directory, "..v2"));
        await File.WriteAllTextAsync(Path.Combine(directory, "..v2", name), config.ToJsonString());
        Directory.CreateSymbolicLink(Path.Combine(directory, "..data_tmp"), "..v2");
        using (var swap = System.Diagnostics.Process.Start("mv", ["-T", Path.Combine(directory, "..data_tmp"), Path.Combine(directory, "..data")]))
        {
            await swap.WaitForExitAsync();
            Assert.Equal(0, swap.ExitCode);
        }

        await ReloadProbe.WaitForConfigAsync(sidecar.Admin, ReloadProbe.Generation(2));
        using var after = await sidecar.Client.GetAsync("/binance/api/v3/account");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(SignatureCheck.Valid, exchange.Requests[^1].Signature);
    }

    [Fact]
    public async Task A_request_in_flight_finishes_with_the_old_key_and_the_next_one_uses_the_new_key()
    {
        var (oldLabel, oldSecret) = ImportKey("inflight-old");
        var (newLabel, newSecret) = ImportKey("inflight-new");
        var queries = new ConcurrentQueue<string>();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var count = 0;

        // A slow upstream: the first request is held until the test releases it, after the reload.
        await using var upstream = await LoopbackServer.StartAsync(async context =>
        {
            if (SidecarBackground.IsBackground(context.Request))
            {
                // Sidecar's own reads (the exchange's published limits at start-up) are not the bot's requests.
                await context.Response.WriteAsync("{}");
                return;
            }

            queries.Enqueue(LoopbackServer.RawTarget(context).Query);
            if (Interlocked.Increment(ref count) == 1)
            {
                arrived.TrySetResult();
                await release.Task;
            }

            await context.Response.WriteAsync("{}");
        });
        var config = SidecarUnderTest.Config(token, new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", upstream.BaseAddress, "k", oldLabel) });
        config["Clock"] = new JsonObject { ["LocalClockVenues"] = new JsonArray("binance") }; // every request to this upstream is counted
        await using var sidecar = await SidecarUnderTest.StartAsync(config, watchConfig: true);

        var first = sidecar.Client.GetAsync("/binance/api/v3/account");
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        config["Venues"]!["binance"]!["Key"] = newLabel;
        await sidecar.ReplaceConfigAsync(config);
        await ReloadProbe.WaitForConfigAsync(sidecar.Admin, ReloadProbe.Generation(2));
        using (var second = await sidecar.Client.GetAsync("/binance/api/v3/account"))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        release.SetResult();
        using var firstResponse = await first;

        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        var seen = queries.ToArray();
        Assert.Equal(2, seen.Length);
        Assert.True(ReloadProbe.SignedWith(seen[0], oldSecret), "the request in flight was signed with the old key");
        Assert.True(ReloadProbe.SignedWith(seen[1], newSecret), "the request after the reload was signed with the new key");
    }

    [Theory]
    [InlineData("unknown key label", "no-such-key")]
    [InlineData("bad JSON", "is not valid JSON")]
    [InlineData("unknown setting", "unknown setting 'Venues:binance:Upstrem'")]
    [InlineData("invalid value", "Limits:UpstreamTimeoutMs must be between")]
    [InlineData("file deleted", "does not exist")]
    [InlineData("venue on an HSM added by the reload", "Venues:binance:Hsm 'spare' is not open in this process")]
    public async Task An_invalid_new_config_is_rejected_logged_once_and_the_old_key_keeps_signing(string change, string error)
    {
        await using var account = await BinanceAccount.CreateAsync(token);
        var config = SidecarUnderTest.Config(token, new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel) });
        await using var sidecar = await SidecarUnderTest.StartAsync(config, watchConfig: true);
        var venue = config["Venues"]!["binance"]!.AsObject();
        switch (change)
        {
            case "unknown key label":
                venue["Key"] = "no-such-key";
                break;
            case "unknown setting":
                venue["Upstrem"] = "https://api.binance.com";
                break;
            case "invalid value":
                config["Limits"] = new JsonObject { ["UpstreamTimeoutMs"] = 5 };
                break;
            case "venue on an HSM added by the reload":
                // A valid file, but the HSMs are opened at start-up only.
                var spare = config["Hsm"]!.DeepClone().AsObject();
                spare["Token"] = "spare-token";
                config["Hsms"] = new JsonObject { ["spare"] = spare };
                venue["Hsm"] = "spare";
                break;
        }

        if (change == "bad JSON")
        {
            await sidecar.ReplaceConfigAsync(config.ToJsonString()[..^10]);
        }
        else if (change == "file deleted")
        {
            File.Delete(sidecar.ConfigPath);
        }
        else
        {
            await sidecar.ReplaceConfigAsync(config);
        }

        var rejected = change == "file deleted"
            ? await RejectAfterSighupLikeRequest(sidecar)
            : await ReloadProbe.WaitForConfigAsync(sidecar.Admin, ReloadProbe.Rejected);

        Assert.Equal(1, rejected.GetProperty("generation").GetInt32());
        Assert.Contains(rejected.GetProperty("lastRejectedErrors").EnumerateArray(), e => e.GetString()!.Contains(error, StringComparison.Ordinal));
        var line = Assert.Single(sidecar.Logs.Lines, l => l.Contains("[121]", StringComparison.Ordinal));
        Assert.Contains(error, line, StringComparison.Ordinal);
        Assert.DoesNotContain(sidecar.Logs.Lines, l => l.Contains("[120]", StringComparison.Ordinal));
        using var response = await sidecar.Client.GetAsync("/binance/api/v3/account");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SignatureCheck.Valid, account.Exchange.Requests[^1].Signature);
        var (status, _) = await ReloadProbe.ReadyzAsync(sidecar.Admin);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches("sidecar_config_reloads_total\\{[^}]*result=\"rejected\"", await sidecar.Admin.GetStringAsync("/metrics"));
        Assert.DoesNotContain(account.Secret, sidecar.Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, sidecar.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restart_only_change_is_warned_about_by_name_and_the_rest_is_applied()
    {
        var (oldLabel, _) = ImportKey("restart-old");
        var (newLabel, newSecret) = ImportKey("restart-new");
        var apiKey = TestSecrets.ApiKey();
        await using var exchange = await FakeBinance.StartAsync(new FakeBinanceOptions { ApiKey = apiKey, Secret = Encoding.UTF8.GetBytes(newSecret) });
        var config = SidecarUnderTest.Config(token, new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", exchange.BaseAddress, apiKey, oldLabel) });
        await using var sidecar = await SidecarUnderTest.StartAsync(config, watchConfig: true);

        config["Limits"] = new JsonObject { ["UpstreamTimeoutMs"] = 5000 };
        config["Hsm"]!["Sessions"] = 2;
        config["Venues"]!["binance"]!["Key"] = newLabel;
        await sidecar.ReplaceConfigAsync(config);
        var reloaded = await ReloadProbe.WaitForConfigAsync(sidecar.Admin, ReloadProbe.Generation(2));

        Assert.Equal(["Hsm:Sessions", "Limits:UpstreamTimeoutMs"], reloaded.GetProperty("restartRequired").EnumerateArray().Select(e => e.GetString()));
        var warnings = sidecar.Logs.Lines.Where(l => l.Contains("[122]", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("Limits:UpstreamTimeoutMs", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("Hsm:Sessions", StringComparison.Ordinal));
        using var after = await sidecar.Client.GetAsync("/binance/api/v3/account");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(SignatureCheck.Valid, exchange.Requests[^1].Signature);
    }

    [Fact]
    public async Task Rewriting_the_same_content_does_not_reload()
    {
        await using var account = await BinanceAccount.CreateAsync(token);
        var config = SidecarUnderTest.Config(token, new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel) });
        var clock = new TestClock();
        await using var sidecar = await SidecarUnderTest.StartAsync(config, watchConfig: true, clock);
        var content = await File.ReadAllTextAsync(sidecar.ConfigPath);

        await sidecar.ReplaceConfigAsync(content);
        await sidecar.LookAtConfigAsync(clock);
        Assert.DoesNotContain(sidecar.Logs.Lines, l => l.Contains("[120]", StringComparison.Ordinal));
        config["Keys"] = new JsonObject { ["MaxAgeDays"] = 30 };
        await sidecar.ReplaceConfigAsync(config);
        await sidecar.LookAtConfigAsync(clock);
        var reloaded = await ReloadProbe.WaitForConfigAsync(sidecar.Admin, ReloadProbe.Generation(2));

        // The identical rewrite (its events and the looks after it) caused nothing; the real change made generation 2.
        Assert.Single(sidecar.Logs.Lines, l => l.Contains("[120]", StringComparison.Ordinal));
        Assert.Empty(reloaded.GetProperty("restartRequired").EnumerateArray());
    }

    [Fact]
    public async Task After_a_rotation_the_old_key_can_be_deleted_and_an_HSM_reconnect_still_signs_with_the_new_one()
    {
        var (oldLabel, _) = ImportKey("life-old");
        var (newLabel, newSecret) = ImportKey("life-new");
        var apiKey = TestSecrets.ApiKey();
        await using var exchange = await FakeBinance.StartAsync(new FakeBinanceOptions { ApiKey = apiKey, Secret = Encoding.UTF8.GetBytes(newSecret) });
        var config = SidecarUnderTest.Config(token, new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", exchange.BaseAddress, apiKey, oldLabel) });
        config["Hsm"]!["SessionKeyCopies"] = false;
        await using var sidecar = await SidecarUnderTest.StartAsync(config, watchConfig: true);
        config["Venues"]!["binance"]!["Key"] = newLabel;
        await sidecar.ReplaceConfigAsync(config);
        await ReloadProbe.WaitForConfigAsync(sidecar.Admin, ReloadProbe.Generation(2));
        using (var admin = token.Connect(sessionKeyCopies: false))
        {
            admin.DeleteObjects(oldLabel);
        }

        // An HSM outage (the token's directory gone for a moment) makes the sidecar reconnect and look its keys up again.
        var tokens = Path.Combine(token.Directory, "tokens");
        Directory.Move(tokens, tokens + "-away");
        try
        {
            using var during = await sidecar.Client.GetAsync("/binance/api/v3/account");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        }
        finally
        {
            Directory.Move(tokens + "-away", tokens);
        }

        await Eventually.UntilAsync(async () =>
        {
            using var attempt = await sidecar.Client.GetAsync("/binance/api/v3/account");
            return attempt.StatusCode == HttpStatusCode.OK;
        }, "signing with the new key after the reconnect");
        Assert.Equal(SignatureCheck.Valid, exchange.Requests[^1].Signature);
    }

    private (string Label, string Secret) ImportKey(string prefix)
    {
        var label = TestSecrets.Label(prefix);
        var secret = TestSecrets.BinanceStyle();
        token.ImportHmac(label, Encoding.UTF8.GetBytes(secret));
        return (label, secret);
    }

    private static Task<JsonElement> RejectAfterSighupLikeRequest(SidecarUnderTest sidecar)
    {
        // A deleted file is not reloaded by the watcher (it may be mid-replacement); a SIGHUP asks for it explicitly.
        sidecar.RequestReload();
        return ReloadProbe.WaitForConfigAsync(sidecar.Admin, ReloadProbe.Rejected);
    }
}

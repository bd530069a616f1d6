using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Reload;

/// <summary>The real <c>sidecar run</c> process: SIGHUP reloads instead of ending it.</summary>
[Collection(HsmCollection.Name)]
public sealed class ReloadSignalTests(SoftHsmToken token)
{
    /// <param name="launcher">
    /// Null: started directly. <c>nohup</c>: started with SIGHUP ignored, which the process inherits (as under nohup, or
    /// any parent that ignores hangups); .NET would leave it ignored, and kill -HUP would do nothing.
    /// </param>
    [Theory]
    [InlineData(null)]
    [InlineData("nohup")]
    public async Task SIGHUP_reloads_the_file_and_the_process_keeps_serving(string? launcher)
    {
        await using var account = await BinanceAccount.CreateAsync(token);
        var config = SidecarUnderTest.Config(token, new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel) });
        await using var sidecar = await SidecarProcessUnderTest.StartAsync(config, token.Directory, launcher: launcher);
        using var admin = new HttpClient { BaseAddress = sidecar.AdminUrl, Timeout = TimeSpan.FromSeconds(30) };
        using var proxy = new HttpClient { BaseAddress = sidecar.ProxyUrl, Timeout = TimeSpan.FromSeconds(30) };

        // The file is unchanged, so only the signal can cause this reload.
        using (var kill = Process.Start("kill", ["-HUP", sidecar.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }

        var reloaded = await ReloadProbe.WaitForConfigAsync(admin, ReloadProbe.Generation(2));

        Assert.Equal("SIGHUP", reloaded.GetProperty("lastTrigger").GetString());
        Assert.Equal("applied", reloaded.GetProperty("lastResult").GetString());
        using var response = await proxy.GetAsync("binance/api/v3/account");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("[120]", sidecar.Output, StringComparison.Ordinal);
        Assert.Contains("[123]", sidecar.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(account.Secret, sidecar.Output, StringComparison.Ordinal);
    }
}

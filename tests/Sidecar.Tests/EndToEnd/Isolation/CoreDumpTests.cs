using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sidecar.Tests.EndToEnd.Isolation;

/// <summary>
/// The isolated mode for real: SoftHSM2 runs in a `p11-kit server` process, Sidecar loads p11-kit-client.so, signs
/// end to end, and a core dump of the Sidecar process (gcore) does not contain the secret — the key bytes live only
/// in the other process.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class CoreDumpTests(SoftHsmToken token, ITestOutputHelper output)
{
    [Fact]
    public async Task In_isolated_mode_the_sidecar_process_never_holds_the_secret()
    {
        await using var account = await BinanceAccount.CreateAsync(token);
        var socket = Path.Combine(token.Directory, $"p11-core-{Guid.NewGuid():N}.sock");
        using var server = P11KitServer.Start(socket);
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["binance"] = SidecarUnderTest.Venue("binance-hmac", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel),
        }, RepoPaths.P11KitClientModule);
        config["Hsm"]!["SessionKeyCopies"] = false;

        var core = await SignThenDumpAsync(config, account, ("P11_KIT_SERVER_ADDRESS", "unix:path=" + socket));
        try
        {
            // The scan works: the API key, which the sidecar process does hold, is found in the same dump.
            Assert.True(CoreContainsText(core, account.ApiKey), "control: the API key should be in the sidecar's core");
            Assert.False(CoreContainsText(core, account.Secret), "the exchange secret is in the sidecar process's memory");
        }
        finally
        {
            File.Delete(core);
        }
    }

    [Fact]
    public async Task With_SoftHSM_in_process_the_dump_is_where_the_secret_would_show()
    {
        // Control for the test above. SoftHSM2 keeps token objects encrypted in memory and wipes the plaintext key
        // after each operation (its SecureAllocator zeroes on free), so even in-process the raw secret may not be
        // found; this records which holds on this machine, and checks the dump itself is usable.
        await using var account = await BinanceAccount.CreateAsync(token);
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["binance"] = SidecarUnderTest.Venue("binance-hmac", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel),
        });

        var core = await SignThenDumpAsync(config, account);
        try
        {
            Assert.True(CoreContainsText(core, account.ApiKey), "control: the API key should be in the sidecar's core");
            var secretInCore = CoreContainsText(core, account.Secret);
            output.WriteLine(secretInCore
                ? "in-process SoftHSM2: the secret's bytes ARE in the sidecar's core dump (isolation is what removes them)"
                : "in-process SoftHSM2: the secret's bytes are not in the core (SoftHSM2 wipes plaintext key material after use)");
        }
        finally
        {
            File.Delete(core);
        }
    }

    private async Task<string> SignThenDumpAsync(JsonObject config, BinanceAccount account, params (string Name, string Value)[] environment)
    {
        foreach (var (name, value) in environment)
        {
            Environment.SetEnvironmentVariable(name, value); // inherited by the sidecar process
        }

        await using var sidecar = await SidecarProcessUnderTest.StartAsync(config, token.Directory);
        using var client = new HttpClient { BaseAddress = sidecar.ProxyUrl };
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.PostAsync("binance/api/v3/order",
                new StringContent("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=20000", Encoding.ASCII, "application/x-www-form-urlencoded"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.All(account.Exchange.Requests, r => Assert.Equal(SignatureCheck.Valid, r.Signature));
        var core = Path.Combine(token.Directory, $"core-{Guid.NewGuid():N}");
        var info = new ProcessStartInfo("gcore") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-o");
        info.ArgumentList.Add(core);
        info.ArgumentList.Add(sidecar.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var gcore = Process.Start(info)!;
        var stderr = gcore.StandardError.ReadToEndAsync();
        await gcore.StandardOutput.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await gcore.WaitForExitAsync(cts.Token);
        var dump = $"{core}.{sidecar.ProcessId}";
        Assert.True(File.Exists(dump), "gcore wrote no core: " + await stderr);
        output.WriteLine($"core dump: {new FileInfo(dump).Length / (1024 * 1024)} MiB");
        return dump;
    }

    // .NET keeps strings as UTF-16; native code and I/O buffers hold UTF-8. Look for both.
    private static bool CoreContainsText(string path, string text) =>
        CoreContains(path, Encoding.UTF8.GetBytes(text)) || CoreContains(path, Encoding.Unicode.GetBytes(text));

    private static bool CoreContains(string path, byte[] needle)
    {
        using var file = File.OpenRead(path);
        var buffer = new byte[16 * 1024 * 1024];
        var carry = 0;
        int read;
        while ((read = file.Read(buffer, carry, buffer.Length - carry)) > 0)
        {
            var filled = carry + read;
            if (buffer.AsSpan(0, filled).IndexOf(needle) >= 0)
            {
                return true;
            }

            // Keep the tail so a match across two reads is still found.
            carry = Math.Min(needle.Length - 1, filled);
            buffer.AsSpan(filled - carry, carry).CopyTo(buffer);
        }

        return false;
    }
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sidecar.Tests.EndToEnd;
using Sidecar.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sidecar.Tests.Hostile;

/// <summary>
/// The real <c>sidecar run</c> process, after real signed traffic and errors: its stdout and stderr, its audit files,
/// <c>/proc/&lt;pid&gt;/environ</c> and <c>/proc/&lt;pid&gt;/cmdline</c> hold none of the exchange secret (raw, hex or
/// base64), the passphrase, the user PIN or the SO PIN. The PIN comes from <c>Hsm:PinFile</c>; a PIN passed through
/// <c>SIDECAR_HSM_PIN</c> would be in environ by construction (README: Hsm:PinFile).
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class SecretScanTests(SoftHsmToken token, ITestOutputHelper output)
{
    private const string Form = "application/x-www-form-urlencoded";

    [Fact]
    public async Task No_secret_byte_appears_in_logs_audit_environment_or_command_line()
    {
        Assert.True(OperatingSystem.IsLinux(), "reads /proc");
        await using var account = await BinanceAccount.CreateAsync(token);
        await using var okxUpstream = await RecordingUpstream.StartAsync();
        var okxSecret = TestSecrets.BinanceStyle();
        var okxLabel = TestSecrets.Label("scan-okx");
        var passphraseLabel = TestSecrets.Label("scan-okx-pass");
        var passphrase = "Pass-" + TestSecrets.BinanceStyle()[..20];
        token.ImportHmac(okxLabel, Encoding.UTF8.GetBytes(okxSecret));
        token.ImportPassphrase(passphraseLabel, passphrase);

        var directory = Directory.CreateTempSubdirectory("sidecar-scan-").FullName;
        var auditPath = Path.Combine(directory, "audit.log");
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["binance"] = SidecarUnderTest.Venue("binance-hmac", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, "api.binance.com"),
            ["okx"] = SidecarUnderTest.VenueWithPassphrase("okx-v5", okxUpstream.BaseAddress, "okx-key-id", okxLabel, passphraseLabel, "www.okx.com"),
        });
        config["Audit"] = new JsonObject { ["Path"] = auditPath, ["MaxFileBytes"] = 4096 }; // small files: rotated ones are scanned too
        config["Clock"] = new JsonObject { ["LocalClockVenues"] = new JsonArray("okx") }; // the recording upstream has no time endpoint
        Environment.SetEnvironmentVariable("SIDECAR_HSM_PIN", null); // PinFile mode: nothing to inherit
        try
        {
            string processOutput, environ, cmdline;
            await using (var sidecar = await SidecarProcessUnderTest.StartAsync(config, directory))
            {
                await SendTrafficAsync(sidecar.ProxyUrl);
                environ = await File.ReadAllTextAsync($"/proc/{sidecar.ProcessId}/environ", Encoding.Latin1);
                cmdline = await File.ReadAllTextAsync($"/proc/{sidecar.ProcessId}/cmdline", Encoding.Latin1);

                // Stopped as kubelet does (SIGTERM): the audit writer's last batch and every log line are out once it has exited.
                sidecar.Terminate();
                Assert.Equal(0, await sidecar.WaitForExitAsync(TimeSpan.FromSeconds(30)));
                processOutput = sidecar.Output;
            }

            var auditFiles = Directory.GetFiles(directory, "audit.log*");
            var audit = string.Concat(auditFiles.Select(f => File.ReadAllText(f, Encoding.Latin1)));
            output.WriteLine($"scanned: output {processOutput.Length} chars, {auditFiles.Length} audit files ({audit.Length} bytes), environ {environ.Length}, cmdline {cmdline.Length}");

            // Controls: each place was really read, and holds what it should.
            Assert.Contains("SOFTHSM2_CONF=", environ, StringComparison.Ordinal);
            Assert.Contains("run\0--config", cmdline, StringComparison.Ordinal);
            Assert.Contains(account.KeyLabel, audit, StringComparison.Ordinal);
            Assert.Contains("\"decision\":\"refused\"", audit, StringComparison.Ordinal);
            Assert.Contains("\"decision\":\"signed\"", audit, StringComparison.Ordinal);
            Assert.Contains("policy_denied", processOutput, StringComparison.Ordinal);
            Assert.True(auditFiles.Length > 1, "the audit log did not rotate; only one file was scanned");

            var places = new Dictionary<string, string>
            {
                ["stdout/stderr"] = processOutput,
                ["audit files"] = audit,
                ["/proc/pid/environ"] = environ,
                ["/proc/pid/cmdline"] = cmdline,
            };
            var secrets = new Dictionary<string, string>
            {
                ["Binance secret"] = account.Secret,
                ["OKX secret"] = okxSecret,
                ["OKX passphrase"] = passphrase,
                ["user PIN"] = token.Pin,
                ["SO PIN"] = token.SoPin,
            };
            foreach (var (place, text) in places)
            {
                foreach (var (secret, value) in secrets)
                {
                    foreach (var form in Forms(value))
                    {
                        Assert.False(text.Contains(form, StringComparison.OrdinalIgnoreCase), $"the {secret} appears in {place}");
                    }
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The value raw, and its bytes as hex and base64 (standard and URL-safe, unpadded).</summary>
    private static IEnumerable<string> Forms(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        yield return value;
        yield return Convert.ToHexString(bytes);
        var base64 = Convert.ToBase64String(bytes).TrimEnd('=');
        yield return base64;
        yield return base64.Replace('+', '-').Replace('/', '_');
    }

    private static async Task SendTrafficAsync(Uri proxy)
    {
        using var client = new HttpClient { BaseAddress = proxy };
        for (var i = 0; i < 10; i++)
        {
            using var order = await client.PostAsync("binance/api/v3/order",
                new StringContent($"symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=20000&newClientOrderId=scan-{i}", Encoding.ASCII, Form));
            Assert.Equal(HttpStatusCode.OK, order.StatusCode);
        }

        using (var account = await client.GetAsync("binance/api/v3/account"))
        {
            Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        }

        using (var okx = await client.PostAsync("okx/api/v5/trade/order",
            new StringContent("{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"1\",\"px\":\"1\"}", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, okx.StatusCode);
        }

        // Errors: the exchange refuses (unknown symbol), policy refuses (withdrawal), Sidecar refuses (ambiguous,
        // unknown venue, placeholder signature from a bot), and a request with ccxt's placeholder credentials.
        using (await client.PostAsync("binance/api/v3/order", new StringContent("symbol=NOPE&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=1", Encoding.ASCII, Form))) { }
        using (var withdrawal = await client.PostAsync("binance/sapi/v1/capital/withdraw/apply", new StringContent("coin=BTC&address=x&amount=1", Encoding.ASCII, Form)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, withdrawal.StatusCode);
        }

        using (var ambiguous = await client.GetAsync("binance/api/v3/account?a=1&a=2"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, ambiguous.StatusCode);
        }

        using (await client.GetAsync("nope/api/v3/account")) { }
        using var placeholder = new HttpRequestMessage(HttpMethod.Get, "https://api.binance.com/api/v3/openOrders?symbol=BTCUSDT&signature=00ff");
        placeholder.RequestUri = new Uri(proxy, "/https://api.binance.com/api/v3/openOrders?symbol=BTCUSDT&signature=00ff");
        placeholder.Headers.Add("X-MBX-APIKEY", "placeholder");
        using (await client.SendAsync(placeholder)) { }
    }
}

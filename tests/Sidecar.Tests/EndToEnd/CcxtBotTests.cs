using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd;

/// <summary>
/// A real ccxt bot (npm ccxt, pinned in tests/ccxt) with placeholder credentials, through the real `sidecar run`
/// process, to the fake Binance — both route forms, spot and USD-M.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class CcxtBotTests(SoftHsmToken token) : IAsyncLifetime
{
    private static readonly string BotDirectory = Path.Combine(RepoPaths.Root, "tests", "ccxt");
    private BinanceAccount _account = null!;
    private Process _sidecar = null!;
    private Uri _proxy = null!;
    private string _configPath = null!;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _sidecarOutput = new();

    public async Task InitializeAsync()
    {
        if (!Directory.Exists(Path.Combine(BotDirectory, "node_modules", "ccxt")))
        {
            throw new InvalidOperationException("tests/ccxt/node_modules is missing: run `npm ci` in tests/ccxt (the README's test command does).");
        }

        _account = await BinanceAccount.CreateAsync(token);
        var port = FreePort();
        var adminPort = FreePort();
        _proxy = new Uri($"http://127.0.0.1:{port}/");
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["binance"] = SidecarUnderTest.Venue("binance-hmac", _account.Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "api.binance.com"),
            ["binance-usdm"] = SidecarUnderTest.Venue("binance-hmac", _account.Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "fapi.binance.com"),
        });
        config["Listen"] = $"http://127.0.0.1:{port}";
        config["Admin"] = $"http://127.0.0.1:{adminPort}";
        _configPath = Path.Combine(token.Directory, $"ccxt-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(_configPath, config.ToJsonString());

        _sidecar = Process.Start(SidecarProcess.StartInfo("run", "--config", _configPath))!;
        _sidecar.OutputDataReceived += (_, e) => { if (e.Data is not null) { _sidecarOutput.Enqueue(e.Data); } };
        _sidecar.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _sidecarOutput.Enqueue(e.Data); } };
        _sidecar.BeginOutputReadLine();
        _sidecar.BeginErrorReadLine();
        _sidecar.StandardInput.Close();
        await WaitUntilReadyAsync(new Uri($"http://127.0.0.1:{adminPort}/readyz"));
    }

    public async Task DisposeAsync()
    {
        if (!_sidecar.HasExited)
        {
            _sidecar.Kill();
            await _sidecar.WaitForExitAsync();
        }

        _sidecar.Dispose();
        File.Delete(_configPath);
        await _account.DisposeAsync();
    }

    [Theory]
    [InlineData("proxyUrl", "spot")]
    [InlineData("proxyUrl", "usdm")]
    [InlineData("prefix", "spot")]
    [InlineData("prefix", "usdm")]
    public async Task Ccxt_bot_with_placeholder_credentials_trades_through_sidecar(string mode, string market)
    {
        var (exitCode, steps) = await RunBotAsync(mode, market);

        Assert.True(exitCode == 0, "bot failed:\n" + string.Join('\n', steps));
        var names = steps.Select(s => JsonNode.Parse(s)!["step"]?.GetValue<string>()).Where(s => s is not null).ToList();
        Assert.Equal(["loadMarkets", "fetchBalance", "createOrder", "fetchOpenOrders", "cancelOrder", "listenKey", "listenKeyKeepAlive", "listenKeyClose"], names);

        var seen = _account.Exchange.Requests;
        Assert.All(seen, r => Assert.True(r.Status == 200, $"{r.Method} {r.Path} → {r.Status} ({r.BinanceCode})"));
        Assert.DoesNotContain(seen, r => r.Signature is SignatureCheck.Invalid or SignatureCheck.Missing);
        Assert.Equal(4, seen.Count(r => r.Signature == SignatureCheck.Valid));
        Assert.All(seen.Where(r => r.ApiKeyHeader is not null), r => Assert.Equal(_account.ApiKey, r.ApiKeyHeader));
        Assert.All(seen, r => Assert.Null(r.Origin));
        Assert.DoesNotContain(seen, r => r.Path.Contains("binance.com", StringComparison.Ordinal) || r.Path.StartsWith("/binance", StringComparison.Ordinal));

        var output = string.Join('\n', _sidecarOutput);
        Assert.Contains("→ 200", output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Secret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.ApiKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, output, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, List<string> Lines)> RunBotAsync(string mode, string market)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = BotDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["SIDECAR_MODE"] = mode, ["MARKET"] = market, ["SIDECAR_URL"] = _proxy.ToString() },
        };
        info.ArgumentList.Add("bot.mjs");
        using var bot = Process.Start(info)!;
        var stderr = bot.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        while (await bot.StandardOutput.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await bot.WaitForExitAsync(cts.Token);
        var errors = await stderr;
        if (errors.Length > 0)
        {
            lines.Add("stderr: " + errors);
        }

        return (bot.ExitCode, lines);
    }

    private async Task WaitUntilReadyAsync(Uri readyz)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_sidecar.HasExited)
            {
                throw new InvalidOperationException("sidecar exited: " + string.Join('\n', _sidecarOutput));
            }

            try
            {
                using var response = await client.GetAsync(readyz);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("sidecar did not become ready within 60 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Text;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Bybit;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Doctor;

/// <summary>
/// The key's permissions as the fake exchange reports them, through its own signed read-only endpoint, verified
/// by the fake's own signature code: withdrawals or no IP allow-list warn, and fail under Posture:Strict.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class ExchangePermissionTests(SoftHsmToken token)
{
    [Fact]
    public async Task Good_binance_setup_passes_every_check_it_can_make()
    {
        await using var binance = await DoctorBinanceAccount.StartAsync(token, "binance-doc", new FakeKeyPermissions());
        var run = await DoctorRun.RunAsync(binance.Config(token));

        Assert.True(run.ExitCode == 0, run.Output);
        foreach (var check in new[] { "exchange.withdrawals", "exchange.ip-restriction", "exchange.transfers", "key.protection", "key.origin", "key.age", "policy.withdrawals" })
        {
            Assert.True(run.Status(check, "binance") == "pass", $"{check}: {run.Output}");
        }

        foreach (var check in new[] { "config.secrets", "config.pin-file", "config.listeners", "hsm.login" })
        {
            Assert.True(run.Status(check, null) == "pass", $"{check}: {run.Output}");
        }

        Assert.Equal("warn", run.Status("upstream.tls", "binance"));
        Assert.Contains("plain http, allowed on loopback only", run.Reason("upstream.tls", "binance"), StringComparison.Ordinal);
        Assert.Equal(1, run.Document.GetProperty("version").GetInt32());

        // The doctor asked the exchange itself, signed with the venue's key, and nothing else.
        var asked = Assert.Single(binance.Exchange.Requests);
        Assert.Equal("/sapi/v1/account/apiRestrictions", asked.Path);
        Assert.Equal(SignatureCheck.Valid, asked.Signature);
        Assert.Equal(200, asked.Status);
    }

    [Theory]
    [InlineData(true, true, false, "warn", "pass")]
    [InlineData(true, true, true, "fail", "pass")]
    [InlineData(false, false, false, "pass", "warn")]
    [InlineData(false, false, true, "pass", "fail")]
    [InlineData(true, false, true, "fail", "fail")]
    public async Task Binance_withdrawals_and_open_ip_warn_and_fail_under_strict(bool withdrawals, bool ipRestricted, bool strict, string withdrawalStatus, string ipStatus)
    {
        // Pass, warn and fail under strict for the last two table columns; anything failing makes the exit code 1.
        await using var binance = await DoctorBinanceAccount.StartAsync(token, "binance-doc", new FakeKeyPermissions { Withdrawals = withdrawals, IpRestricted = ipRestricted });
        var config = binance.Config(token);
        config["Posture"] = new JsonObject { ["Strict"] = strict };
        var run = await DoctorRun.RunAsync(config);

        Assert.Equal(withdrawalStatus, run.Status("exchange.withdrawals", "binance"));
        Assert.Equal(ipStatus, run.Status("exchange.ip-restriction", "binance"));
        Assert.Contains("enableWithdrawals=" + (withdrawals ? "true" : "false"), run.Reason("exchange.withdrawals", "binance"), StringComparison.Ordinal);
        if (withdrawalStatus == "fail" || ipStatus == "fail")
        {
            Assert.Equal(1, run.ExitCode);
        }
        else if (!strict)
        {
            Assert.Equal(0, run.ExitCode);
        }
    }

    [Theory]
    [InlineData(false, true, false, false, "pass", "pass", "pass")]
    [InlineData(true, true, false, false, "warn", "pass", "pass")]
    [InlineData(false, false, true, false, "pass", "warn", "warn")]
    [InlineData(true, false, true, true, "fail", "fail", "fail")]
    public async Task Bybit_permissions_from_query_api(bool withdrawals, bool ipRestricted, bool transfers, bool strict, string withdrawalStatus, string ipStatus, string transferStatus)
    {
        var apiKey = TestSecrets.ApiKey();
        var secret = TestSecrets.BinanceStyle();
        var label = ImportHmac("bybit-doc", Encoding.UTF8.GetBytes(secret));
        await using var bybit = await FakeBybit.StartAsync(new FakeBybitOptions
        {
            ApiKey = apiKey,
            Secret = Encoding.UTF8.GetBytes(secret),
            KeyPermissions = new FakeKeyPermissions { Withdrawals = withdrawals, IpRestricted = ipRestricted, Transfers = transfers },
        });
        var run = await RunVenueAsync("bybit", SidecarUnderTest.Venue("bybit-v5", bybit.BaseAddress, apiKey, label), strict);

        AssertPermissions(run, "bybit", withdrawalStatus, ipStatus, transferStatus);
        AssertAskedOnce(bybit.Requests, "GET", "/v5/user/query-api");
    }

    [Theory]
    [InlineData(false, true, false, "pass", "pass")]
    [InlineData(true, false, false, "warn", "warn")]
    [InlineData(true, false, true, "fail", "fail")]
    public async Task Okx_permissions_from_account_config(bool withdrawals, bool ipRestricted, bool strict, string withdrawalStatus, string ipStatus)
    {
        var (apiKey, secret, passphrase) = (TestSecrets.ApiKey(), TestSecrets.BinanceStyle(), "Pass-" + TestSecrets.ApiKey());
        var (label, passphraseLabel) = ImportHmacAndPassphrase("okx", secret, passphrase);
        await using var okx = await Sidecar.FakeExchange.Okx.FakeOkx.StartAsync(new Sidecar.FakeExchange.Okx.FakeOkxOptions
        {
            ApiKey = apiKey,
            Secret = Encoding.UTF8.GetBytes(secret),
            Passphrase = passphrase,
            KeyPermissions = new FakeKeyPermissions { Withdrawals = withdrawals, IpRestricted = ipRestricted },
        });
        var run = await RunVenueAsync("okx", SidecarUnderTest.VenueWithPassphrase("okx-v5", okx.BaseAddress, apiKey, label, passphraseLabel), strict);

        AssertPermissions(run, "okx", withdrawalStatus, ipStatus, "unknown");
        AssertAskedOnce(okx.Requests, "GET", "/api/v5/account/config");
        Assert.DoesNotContain(passphrase, run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, true, false, false, "pass", "pass", "pass")]
    [InlineData(true, false, true, false, "warn", "warn", "warn")]
    [InlineData(true, true, false, true, "fail", "pass", "pass")]
    public async Task Kucoin_permissions_from_api_key_info(bool withdrawals, bool ipRestricted, bool transfers, bool strict, string withdrawalStatus, string ipStatus, string transferStatus)
    {
        var (apiKey, secret, passphrase) = (TestSecrets.ApiKey(), TestSecrets.BinanceStyle(), "Pass-" + TestSecrets.ApiKey());
        var (label, passphraseLabel) = ImportHmacAndPassphrase("kucoin", secret, passphrase);
        await using var kucoin = await Sidecar.FakeExchange.Kucoin.FakeKucoin.StartAsync(new Sidecar.FakeExchange.Kucoin.FakeKucoinOptions
        {
            ApiKey = apiKey,
            Secret = Encoding.UTF8.GetBytes(secret),
            Passphrase = passphrase,
            KeyPermissions = new FakeKeyPermissions { Withdrawals = withdrawals, IpRestricted = ipRestricted, Transfers = transfers },
        });
        var run = await RunVenueAsync("kucoin", SidecarUnderTest.VenueWithPassphrase("kucoin", kucoin.BaseAddress, apiKey, label, passphraseLabel), strict);

        AssertPermissions(run, "kucoin", withdrawalStatus, ipStatus, transferStatus);
        AssertAskedOnce(kucoin.Requests, "GET", "/api/v1/user/api-key");
    }

    [Theory]
    [InlineData(false, false, "pass", "pass")]
    [InlineData(true, true, "warn", "warn")]
    public async Task Bitfinex_permissions_from_a_signed_post(bool withdrawals, bool transfers, string withdrawalStatus, string transferStatus)
    {
        var apiKey = TestSecrets.ApiKey();
        var secret = TestSecrets.BinanceStyle();
        var label = ImportHmac("bitfinex-doc", Encoding.UTF8.GetBytes(secret));
        await using var bitfinex = await Sidecar.FakeExchange.Bitfinex.FakeBitfinex.StartAsync(new Sidecar.FakeExchange.Bitfinex.FakeBitfinexOptions
        {
            ApiKey = apiKey,
            Secret = Encoding.UTF8.GetBytes(secret),
            KeyPermissions = new FakeKeyPermissions { Withdrawals = withdrawals, Transfers = transfers },
        });
        var run = await RunVenueAsync("bitfinex", SidecarUnderTest.Venue("bitfinex-v2", bitfinex.BaseAddress, apiKey, label));

        AssertPermissions(run, "bitfinex", withdrawalStatus, "unknown", transferStatus);
        AssertAskedOnce(bitfinex.Requests, "POST", "/v2/auth/r/permissions");
    }

    [Theory]
    [InlineData(false, "pass")]
    [InlineData(true, "warn")]
    public async Task Coinbase_advanced_permissions_from_key_permissions(bool transfers, string expected)
    {
        var keyName = $"organizations/{Guid.NewGuid()}/apiKeys/{Guid.NewGuid()}";
        var label = TestSecrets.Label("cdp-doc");
        var pem = token.GenerateKeyPair(label, Sidecar.Pkcs11.KeyType.EcP256);
        await using var coinbase = await Sidecar.FakeExchange.CoinbaseAdvanced.FakeCoinbaseAdvanced.StartAsync(new Sidecar.FakeExchange.CoinbaseAdvanced.FakeCoinbaseAdvancedOptions
        {
            KeyName = keyName,
            PublicKeyPem = pem,
            SignedHost = "api.coinbase.com",
            KeyPermissions = new FakeKeyPermissions { Transfers = transfers },
        });
        var run = await RunVenueAsync("cdp", SidecarUnderTest.Venue("coinbase-advanced", coinbase.BaseAddress, keyName, label, "api.coinbase.com"));

        AssertPermissions(run, "cdp", expected, "unknown", expected);
        Assert.Equal("pass", run.Status("key.origin", "cdp"));
        AssertAskedOnce(coinbase.Requests, "GET", "/api/v3/brokerage/key_permissions");
    }

    [Theory]
    [InlineData(false, true, false, "pass", "pass")]
    [InlineData(true, true, false, "warn", "pass")]
    [InlineData(false, false, false, "pass", "warn")]
    [InlineData(true, false, true, "fail", "fail")]
    public async Task Kraken_permissions_from_get_api_key_info(bool withdrawals, bool ipRestricted, bool strict, string withdrawalStatus, string ipStatus)
    {
        var apiKey = TestSecrets.ApiKey();
        var secret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(64);
        var label = ImportHmac("kraken-doc", secret);
        await using var kraken = await Sidecar.FakeExchange.Kraken.FakeKraken.StartAsync(new Sidecar.FakeExchange.Kraken.FakeKrakenOptions
        {
            ApiKey = apiKey,
            Secret = secret,
            KeyPermissions = new FakeKeyPermissions { Withdrawals = withdrawals, IpRestricted = ipRestricted },
        });
        var run = await RunVenueAsync("kraken", SidecarUnderTest.Venue("kraken", kraken.BaseAddress, apiKey, label, "api.kraken.com"), strict);

        AssertPermissions(run, "kraken", withdrawalStatus, ipStatus, withdrawalStatus);
        Assert.Contains("withdraw_funds=" + (withdrawals ? "True" : "False"), run.Reason("exchange.withdrawals", "kraken"), StringComparison.Ordinal);
        Assert.Equal(withdrawalStatus == "fail" || ipStatus == "fail" ? 1 : 0, run.ExitCode == 0 ? 0 : 1);

        // Signed by the scheme with a nonce in the form body, and verified by the fake's own Kraken code.
        var asked = AssertAskedOnce(kraken.Requests, "POST", "/0/private/GetApiKeyInfo");
        Assert.StartsWith("nonce=", asked.Body, StringComparison.Ordinal);
        Assert.True(kraken.LastNonce > 0);
    }

    [Fact]
    public async Task Kraken_error_answer_fails_the_permission_check()
    {
        var label = TestSecrets.Label("kraken-doc");
        var secret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(64);
        token.ImportHmac(label, secret);
        await using var kraken = await Sidecar.FakeExchange.Kraken.FakeKraken.StartAsync(new Sidecar.FakeExchange.Kraken.FakeKrakenOptions { ApiKey = TestSecrets.ApiKey(), Secret = secret });
        var config = SidecarUnderTest.Config(token, new JsonObject { ["kraken"] = SidecarUnderTest.Venue("kraken", kraken.BaseAddress, TestSecrets.ApiKey(), label, "api.kraken.com") });
        var run = await DoctorRun.RunAsync(config);

        // Kraken refuses an unknown key with HTTP 200 and {"error":["EAPI:Invalid key"]}: never read as a pass.
        Assert.Equal("fail", run.Status("exchange.permissions", "kraken"));
        Assert.Contains("EAPI:Invalid key", run.Reason("exchange.permissions", "kraken"), StringComparison.Ordinal);
        Assert.Null(run.Status("exchange.withdrawals", "kraken"));
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public async Task A_key_the_exchange_does_not_know_fails()
    {
        await using var binance = await DoctorBinanceAccount.StartAsync(token, "binance-doc", new FakeKeyPermissions());
        var config = binance.Config(token);
        config["Venues"]!["binance"]!["ApiKey"] = TestSecrets.ApiKey();
        var run = await DoctorRun.RunAsync(config);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("fail", run.Status("exchange.permissions", "binance"));
        Assert.Contains("HTTP 401", run.Reason("exchange.permissions", "binance"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gate-v4", "not available from the exchange")]
    [InlineData("bitmex", "not checked")]
    [InlineData("deribit", "not checked")]
    public async Task Schemes_without_a_permission_endpoint_report_unknown_not_pass(string scheme, string reason)
    {
        var label = ImportHmac("noperm", Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        var config = SidecarUnderTest.Config(token, new JsonObject { ["venue"] = SidecarUnderTest.Venue(scheme, new Uri("http://127.0.0.1:9/"), TestSecrets.ApiKey(), label) });
        var run = await DoctorRun.RunAsync(config);

        Assert.Equal("unknown", run.Status("exchange.permissions", "venue"));
        Assert.Contains(reason, run.Reason("exchange.permissions", "venue"), StringComparison.Ordinal);
        Assert.Null(run.Status("exchange.withdrawals", "venue"));
    }

    [Fact]
    public async Task Fakes_refuse_unsigned_and_badly_signed_permission_requests()
    {
        await using var binance = await DoctorBinanceAccount.StartAsync(token, "binance-doc", new FakeKeyPermissions());
        using var http = new HttpClient { BaseAddress = binance.Exchange.BaseAddress };
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var unsigned = new HttpRequestMessage(HttpMethod.Get, $"/sapi/v1/account/apiRestrictions?timestamp={timestamp}");
        unsigned.Headers.Add("X-MBX-APIKEY", binance.ApiKey);
        Assert.False((await http.SendAsync(unsigned)).IsSuccessStatusCode);
        using var forged = new HttpRequestMessage(HttpMethod.Get, $"/sapi/v1/account/apiRestrictions?timestamp={timestamp}&signature={new string('0', 64)}");
        forged.Headers.Add("X-MBX-APIKEY", binance.ApiKey);
        Assert.False((await http.SendAsync(forged)).IsSuccessStatusCode);

        await using var bybit = await FakeBybit.StartAsync(new FakeBybitOptions { ApiKey = "k", Secret = "s"u8.ToArray(), KeyPermissions = new FakeKeyPermissions() });
        using var bybitHttp = new HttpClient { BaseAddress = bybit.BaseAddress };
        using var bad = new HttpRequestMessage(HttpMethod.Get, "/v5/user/query-api");
        bad.Headers.Add("X-BAPI-API-KEY", "k");
        bad.Headers.Add("X-BAPI-TIMESTAMP", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        bad.Headers.Add("X-BAPI-SIGN", new string('0', 64));
        var answer = JsonNode.Parse(await (await bybitHttp.SendAsync(bad)).Content.ReadAsStringAsync())!;
        Assert.Equal(10004, answer["retCode"]!.GetValue<int>());
        Assert.Equal(SignatureCheck.Invalid, Assert.Single(bybit.Requests).Signature);

        await using var kraken = await Sidecar.FakeExchange.Kraken.FakeKraken.StartAsync(new Sidecar.FakeExchange.Kraken.FakeKrakenOptions { ApiKey = "k", Secret = new byte[64], KeyPermissions = new FakeKeyPermissions() });
        using var krakenHttp = new HttpClient { BaseAddress = kraken.BaseAddress };
        using var forgedKraken = new HttpRequestMessage(HttpMethod.Post, "/0/private/GetApiKeyInfo") { Content = new StringContent($"nonce={timestamp}", Encoding.ASCII, "application/x-www-form-urlencoded") };
        forgedKraken.Headers.Add("API-Key", "k");
        forgedKraken.Headers.Add("API-Sign", Convert.ToBase64String(new byte[64]));
        var krakenAnswer = JsonNode.Parse(await (await krakenHttp.SendAsync(forgedKraken)).Content.ReadAsStringAsync())!;
        Assert.Equal("EAPI:Invalid signature", krakenAnswer["error"]![0]!.GetValue<string>());
        Assert.Null(krakenAnswer["result"]);
        Assert.Equal(SignatureCheck.Invalid, Assert.Single(kraken.Requests).Signature);
    }

    private string ImportHmac(string labelPrefix, byte[] secret)
    {
        var label = TestSecrets.Label(labelPrefix);
        token.ImportHmac(label, secret);
        return label;
    }

    private (string Label, string PassphraseLabel) ImportHmacAndPassphrase(string venue, string secret, string passphrase)
    {
        var label = ImportHmac(venue + "-doc", Encoding.UTF8.GetBytes(secret));
        var passphraseLabel = TestSecrets.Label(venue + "-pass");
        token.ImportPassphrase(passphraseLabel, passphrase);
        return (label, passphraseLabel);
    }

    // The doctor over one venue, under Posture:Strict when strict is given.
    private async Task<DoctorRun> RunVenueAsync(string name, JsonObject venue, bool? strict = null)
    {
        var config = SidecarUnderTest.Config(token, new JsonObject { [name] = venue });
        if (strict is { } isStrict)
        {
            config["Posture"] = new JsonObject { ["Strict"] = isStrict };
        }

        return await DoctorRun.RunAsync(config);
    }

    // Each of the three permission checks has exactly the status expected; the doctor's output explains a mismatch.
    private static void AssertPermissions(DoctorRun run, string venue, string withdrawals, string ipRestriction, string transfers)
    {
        Assert.True(run.Status("exchange.withdrawals", venue) == withdrawals, run.Output);
        Assert.True(run.Status("exchange.ip-restriction", venue) == ipRestriction, run.Output);
        Assert.True(run.Status("exchange.transfers", venue) == transfers, run.Output);
    }

    // The doctor asked the exchange once, at its permission endpoint, with a signature the fake's own code accepts.
    private static ExchangeRequest AssertAskedOnce(IReadOnlyList<ExchangeRequest> requests, string method, string path)
    {
        var asked = Assert.Single(requests);
        Assert.Equal((method, path), (asked.Method, asked.Path));
        Assert.Equal(SignatureCheck.Valid, asked.Signature);
        return asked;
    }
}

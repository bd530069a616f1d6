using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// Who may ask: a Unix-socket listener whose peers are identified by the kernel (SO_PEERCRED). Other users are
/// real processes under other UIDs (setpriv + curl), not a claim in a header.
/// </summary>
[Collection(HsmCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UnixSocketTests(SoftHsmToken token) : IAsyncLifetime
{
    private const uint Root = 0;
    private const uint Nobody = 65534;
    private BinanceAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;
    private string _directory = null!;
    private string _socket = null!;

    public async Task InitializeAsync()
    {
        Assert.True(GetUid() == Root, "these tests switch to other UIDs with setpriv, which needs root (CI runs as root)");
        _account = await BinanceAccount.CreateAsync(token);
        _directory = Directory.CreateTempSubdirectory("sidecar-uds-").FullName;
        File.SetUnixFileMode(_directory, (UnixFileMode)Convert.ToInt32("755", 8)); // other users may reach the socket
        _socket = Path.Combine(_directory, "sidecar.sock");

        var mine = SidecarUnderTest.Venue("binance-hmac", _account.Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "api.binance.com");
        mine["AllowedUids"] = new JsonArray(Root);
        var theirs = SidecarUnderTest.Venue("binance-hmac", _account.Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "other.binance.test");
        theirs["AllowedUids"] = new JsonArray(Nobody);
        var config = SidecarUnderTest.Config(token, new JsonObject { ["mine"] = mine, ["theirs"] = theirs });
        config["Listen"] = "unix:" + _socket;
        config["AllowedUids"] = new JsonArray(Root, Nobody);
        _sidecar = await SidecarUnderTest.StartAsync(config);
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_permitted_peer_signs_through_its_own_venue_only()
    {
        using var own = await _sidecar.Client.GetAsync("/mine/api/v3/account");
        using var other = await _sidecar.Client.GetAsync("/theirs/api/v3/account");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        await SidecarErrors.AssertAsync(other, 403, "policy_denied");
        Assert.Contains("AllowedUids", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(SignatureCheck.Valid, Assert.Single(_account.Exchange.Requests).Signature);
    }

    [Fact]
    public async Task Another_user_reaches_only_the_venue_that_lists_its_uid()
    {
        var own = await CurlAsAsync(Nobody, "/theirs/api/v3/account");
        var others = await CurlAsAsync(Nobody, "/mine/api/v3/account");

        Assert.StartsWith("HTTP/1.1 200", own, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 403", others, StringComparison.Ordinal);
        Assert.Contains("x-sidecar-error: policy_denied", others, StringComparison.OrdinalIgnoreCase);
        Assert.Single(_account.Exchange.Requests);
    }

    [Fact]
    public async Task A_user_off_the_list_is_refused_and_nothing_is_signed()
    {
        var answer = await CurlAsAsync(65533, "/mine/api/v3/account");

        Assert.StartsWith("HTTP/1.1 403", answer, StringComparison.Ordinal);
        Assert.Contains("not in AllowedUids", answer, StringComparison.Ordinal);
        Assert.Empty(_account.Exchange.Requests);
        Assert.Equal(0, _sidecar.Signs);
    }

    private async Task<string> CurlAsAsync(uint uid, string path)
    {
        var info = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { $"--reuid={uid}", $"--regid={uid}", "--clear-groups", "curl", "-s", "-i", "--max-time", "20", "--unix-socket", _socket, "http://localhost" + path })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"setpriv/curl failed ({process.ExitCode}): {errors}");
        return output;
    }

    private static uint GetUid() => uint.Parse(File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
}

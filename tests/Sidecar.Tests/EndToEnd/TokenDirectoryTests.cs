using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd;

/// <summary>
/// SoftHSM2 keeps each token as a directory of object files and re-reads it as it works. Moving the token
/// directory away during a run is the token disappearing; moving it back is the token returning.
/// <para>
/// What happens depends on Hsm:SessionKeyCopies. With token objects (false), the next sign fails
/// (CKR_OBJECT_HANDLE_INVALID), recovery starts, C_Initialize fails (CKR_GENERAL_ERROR: no token directory) with
/// capped back-off, and every request is a 503 until the directory is back. With session copies (true, the
/// default) the key being signed with is a session object in SoftHSM2's own memory, so signing goes on as if
/// nothing happened — an artefact of a software token. A real HSM that goes away takes its session objects
/// with it and fails both modes (see FailureTests, where the p11-kit server carrying the token is killed).
/// </para>
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class TokenDirectoryTests(SoftHsmToken token)
{
    [Fact]
    public async Task Token_objects_answer_503_while_the_directory_is_gone_and_sign_again_within_5_s_of_its_return()
    {
        await using var account = await BinanceAccount.CreateAsync(token);
        await using var sidecar = await StartAsync(account, sessionKeyCopies: false);
        await AssertSignedAsync(sidecar, account);
        var forwardedBefore = account.Exchange.Requests.Count;

        using (TokenDirectoryAway())
        {
            for (var i = 0; i < 3; i++)
            {
                using var during = await sidecar.Client.PostAsync("/binance/api/v3/order", Order());
                await SidecarErrors.AssertAsync(during, 503, "hsm_unavailable");
            }

            var (ready, _) = await Reload.ReloadProbe.ReadyzAsync(sidecar.Admin);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready);
            Assert.Equal(forwardedBefore, account.Exchange.Requests.Count);
        }

        var back = Stopwatch.StartNew();
        await Eventually.UntilAsync(async () =>
        {
            using var attempt = await sidecar.Client.GetAsync("/binance/api/v3/account");
            return attempt.StatusCode == HttpStatusCode.OK;
        }, "signing to resume after the token directory returned", TimeSpan.FromSeconds(15));
        Assert.True(back.Elapsed < TimeSpan.FromSeconds(5), $"signing resumed {back.Elapsed.TotalSeconds:0.0} s after the token directory returned");
        Assert.Equal(HttpStatusCode.OK, (await Reload.ReloadProbe.ReadyzAsync(sidecar.Admin)).Status);
        Assert.Contains("re-established", sidecar.Logs.All, StringComparison.Ordinal);
        Assert.All(account.Exchange.Requests, r => Assert.Equal(SignatureCheck.Valid, r.Signature));
    }

    [Fact]
    public async Task Session_key_copies_keep_signing_from_SoftHSM_memory_while_the_directory_is_gone()
    {
        await using var account = await BinanceAccount.CreateAsync(token);
        await using var sidecar = await StartAsync(account, sessionKeyCopies: true);
        await AssertSignedAsync(sidecar, account);

        using (TokenDirectoryAway())
        {
            // Recorded behaviour, not a promise: the copy lives in the module's memory, not in the token's files.
            await AssertSignedAsync(sidecar, account);
        }

        await AssertSignedAsync(sidecar, account);
        Assert.DoesNotContain(sidecar.Logs.Lines, l => l.Contains("[300]", StringComparison.Ordinal));
    }

    private async Task<SidecarUnderTest> StartAsync(BinanceAccount account, bool sessionKeyCopies)
    {
        var config = SidecarUnderTest.Config(token, new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel) });
        config["Hsm"]!["SessionKeyCopies"] = sessionKeyCopies;
        return await SidecarUnderTest.StartAsync(config);
    }

    private static async Task AssertSignedAsync(SidecarUnderTest sidecar, BinanceAccount account)
    {
        using var response = await sidecar.Client.GetAsync("/binance/api/v3/account");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SignatureCheck.Valid, account.Exchange.Requests[^1].Signature);
    }

    /// <summary>Moves the token directory away until disposed (always back, whatever the test did).</summary>
    private DirectoryMove TokenDirectoryAway()
    {
        var tokens = Path.Combine(token.Directory, "tokens");
        return new DirectoryMove(tokens, tokens + "-away");
    }

    private static StringContent Order() =>
        new("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=1", Encoding.ASCII, "application/x-www-form-urlencoded");

    private sealed class DirectoryMove : IDisposable
    {
        private readonly string _from;
        private readonly string _to;

        public DirectoryMove(string from, string to)
        {
            _from = from;
            _to = to;
            Directory.Move(from, to);
        }

        public void Dispose() => Directory.Move(_to, _from);
    }
}

using System.Text;
using System.Text.Json.Nodes;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Doctor;

/// <summary>
/// The doctor's upstream.tls check on WebSocket venues: a wss upstream gets the same TLS handshake and certificate
/// validation as an https one (it is not mistaken for plain text), and a loopback ws upstream warns naming ws (under Posture:Strict too: the validator keeps plain upstreams on loopback).
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class UpstreamTlsCheckTests(SoftHsmToken token)
{
    [Theory]
    [InlineData(false, "warn")]
    [InlineData(true, "warn")]
    public async Task A_wss_upstream_is_validated_like_https_and_a_loopback_ws_one_warns_under_strict_too(bool strict, string plain)
    {
        var directory = Directory.CreateTempSubdirectory("sidecar-doctor-tls-").FullName;
        try
        {
            using var certificates = new TestCertificates(directory);
            using var selfSigned = certificates.SelfSigned("localhost");
            await using var upstream = FaultyUpstream.Start(selfSigned);
            var label = TestSecrets.Label("doctor-tls");
            token.ImportHmac(label, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
            var config = SidecarUnderTest.Config(token, new JsonObject
            {
                ["binance-ws"] = WebSocketVenue($"wss://localhost:{upstream.Port}", label),
                ["binance-local-ws"] = WebSocketVenue($"ws://127.0.0.1:{upstream.Port}", label),
            });

            config["Posture"] = new JsonObject { ["Strict"] = strict };
            var run = await DoctorRun.RunAsync(config);

            Assert.True(run.Status("upstream.tls", "binance-ws") == "fail", run.Output);
            Assert.Contains("failed certificate validation", run.Reason("upstream.tls", "binance-ws"), StringComparison.Ordinal);
            Assert.Equal(plain, run.Status("upstream.tls", "binance-local-ws"));
            Assert.Contains("plain ws, allowed on loopback only", run.Reason("upstream.tls", "binance-local-ws"), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static JsonObject WebSocketVenue(string upstream, string label) => new()
    {
        ["Scheme"] = "binance-hmac",
        ["Upstream"] = upstream,
        ["ApiKey"] = TestSecrets.ApiKey(),
        ["Key"] = label,
    };
}

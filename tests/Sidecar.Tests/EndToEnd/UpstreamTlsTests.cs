using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd;

/// <summary>
/// Sidecar always verifies the exchange's certificate. The real process is started trusting only a test CA (through
/// OpenSSL's SSL_CERT_FILE), so a certificate from that CA for the right name works (the control), and a
/// self-signed one or one for another host name is a 502 upstream_tls with nothing sent in clear.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class UpstreamTlsTests(SoftHsmToken token)
{
    private const string Order = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=1";

    [Fact]
    public async Task Only_a_certificate_that_verifies_for_the_upstream_host_gets_the_request()
    {
        var directory = Directory.CreateTempSubdirectory("sidecar-tls-").FullName;
        using var certificates = new TestCertificates(directory);
        using var goodCertificate = certificates.IssuedFor("localhost");
        using var selfSignedCertificate = certificates.SelfSigned("localhost");
        using var otherHostCertificate = certificates.IssuedFor("exchange.example");
        await using var good = FaultyUpstream.Start(goodCertificate);
        await using var selfSigned = FaultyUpstream.Start(selfSignedCertificate);
        await using var otherHost = FaultyUpstream.Start(otherHostCertificate);
        var apiKey = TestSecrets.ApiKey();
        var label = TestSecrets.Label("tls");
        token.ImportHmac(label, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        var audit = Path.Combine(directory, "audit.log");
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["good"] = SidecarUnderTest.Venue("binance-hmac", good.BaseAddress, apiKey, label, "good.test"),
            ["self-signed"] = SidecarUnderTest.Venue("binance-hmac", selfSigned.BaseAddress, apiKey, label, "self-signed.test"),
            ["other-host"] = SidecarUnderTest.Venue("binance-hmac", otherHost.BaseAddress, apiKey, label, "other-host.test"),
        });
        config["Audit"] = new JsonObject { ["Path"] = audit };

        // The scripted upstream has no time endpoint, and two of these venues can never be reached at all.
        config["Clock"] = new JsonObject { ["LocalClockVenues"] = new JsonArray("good", "self-signed", "other-host") };

        try
        {
            await using (var sidecar = await SidecarProcessUnderTest.StartAsync(config, directory, certificates.TrustEnvironment))
            using (var bot = new HttpClient { BaseAddress = sidecar.ProxyUrl, Timeout = TimeSpan.FromSeconds(30) })
            {
                using (var control = await bot.PostAsync("good/api/v3/order", Form(Order)))
                {
                    Assert.Equal(200, (int)control.StatusCode);
                }

                foreach (var venue in new[] { "self-signed", "other-host" })
                {
                    using var refused = await bot.PostAsync(venue + "/api/v3/order", Form(Order));
                    await SidecarErrors.AssertAsync(refused, 502, "upstream_tls");
                }

                sidecar.Terminate();
                Assert.Equal(0, await sidecar.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            }

            Assert.Equal(1, good.RequestsTo("/api/v3/order"));
            foreach (var upstream in new[] { selfSigned, otherHost })
            {
                Assert.True(upstream.Connections >= 1, "the TLS handshake was attempted");
                Assert.Equal(0, upstream.TotalRequests);
                var wire = upstream.ReceivedOnTheWire();
                Assert.DoesNotContain("/api/v3/order", wire, StringComparison.Ordinal);
                Assert.DoesNotContain(apiKey, wire, StringComparison.Ordinal);
                Assert.DoesNotContain("signature", wire, StringComparison.Ordinal);
                Assert.DoesNotContain("BTCUSDT", wire, StringComparison.Ordinal);
            }

            var records = File.ReadAllLines(audit).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            foreach (var venue in new[] { "self-signed", "other-host" })
            {
                // Signed, then never sent: the intent, and the answer that names it.
                var intent = Assert.Single(records, r => r.GetProperty("venue").GetString() == venue && r.GetProperty("decision").GetString() == "signed");
                var answer = Assert.Single(records, r => r.GetProperty("venue").GetString() == venue && r.GetProperty("decision").GetString() == "answered");
                Assert.Equal(intent.GetProperty("seq").GetInt64(), answer.GetProperty("ref").GetInt64());
                Assert.Equal("upstream_tls", answer.GetProperty("rule").GetString());
                Assert.Equal("not_sent", answer.GetProperty("outcome").GetString());
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static StringContent Form(string body) => new(body, Encoding.ASCII, "application/x-www-form-urlencoded");
}

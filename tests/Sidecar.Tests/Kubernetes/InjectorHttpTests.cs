using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Sidecar.Injector;
using Sidecar.Injector.Hosting;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Kubernetes;

/// <summary>
/// The webhook over real HTTPS on 127.0.0.1, called the way the API server calls it: by the Service's DNS name,
/// trusting only the caBundle. The certificates come from k8s/injector/bootstrap-tls.sh, so the script is
/// exercised too.
/// </summary>
public sealed class InjectorHttpTests : IDisposable
{
    private const string ServiceHost = "sidecar-injector.sidecar-injector.svc";

    private readonly string _directory = Directory.CreateTempSubdirectory("sidecar-injector-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_webhook_answers_an_AdmissionReview_over_TLS_with_a_certificate_the_caBundle_trusts()
    {
        var tls = Bootstrap("first");
        await using var app = await StartAsync(tls);
        var port = InjectorHost.AddressOf(app).Port;
        using var client = ApiServerClient(port, File.ReadAllText(Path.Combine(tls, "ca.crt")));

        var review = InjectorFixtures.Review(InjectorFixtures.BotPod());
        using var response = await client.PostAsync(new Uri($"https://{ServiceHost}:{port}/mutate?timeout=5s"),
            new StringContent(review.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(InjectorFixtures.Uid, (string?)answer["response"]!["uid"]);
        Assert.True((bool)answer["response"]!["allowed"]!);
        Assert.Equal("JSONPatch", (string?)answer["response"]!["patchType"]);
        var patch = InjectorFixtures.DecodePatch(answer);
        Assert.Equal("/metadata/annotations/sidecar.signing~1status", (string?)patch[^1]!["path"]);

        // Refusals travel the same way: HTTP 200 with allowed: false and the reason.
        var hostile = InjectorFixtures.Review(InjectorFixtures.BotPod(a => a["sidecar.signing/pin-mount-containers"] = "bot"));
        using var refused = await client.PostAsync(new Uri($"https://{ServiceHost}:{port}/mutate"),
            new StringContent(hostile.ToJsonString(), Encoding.UTF8, "application/json"));
        var refusal = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["response"]!;
        Assert.False((bool)refusal["allowed"]!);
        Assert.Contains("pin-mount-containers names 'bot'", (string)refusal["status"]!["message"]!, StringComparison.Ordinal);

        Assert.Equal("ok\n", await client.GetStringAsync(new Uri($"https://{ServiceHost}:{port}/healthz")));
    }

    [Fact]
    public async Task Requests_that_are_not_reviews_get_an_HTTP_error_which_failurePolicy_Fail_turns_into_a_refusal()
    {
        var tls = Bootstrap("first");
        await using var app = await StartAsync(tls);
        var port = InjectorHost.AddressOf(app).Port;
        using var client = ApiServerClient(port, File.ReadAllText(Path.Combine(tls, "ca.crt")));
        var mutate = new Uri($"https://{ServiceHost}:{port}/mutate");

        using var garbage = await client.PostAsync(mutate, new StringContent("{\"apiVersion\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);

        using var text = await client.PostAsync(mutate, new StringContent("hello", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);

        using var get = await client.GetAsync(mutate);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
    }

    [Fact]
    public async Task A_renewed_certificate_is_served_on_the_next_connection_without_a_restart()
    {
        var first = Bootstrap("first");
        var served = Path.Combine(_directory, "served");
        Directory.CreateDirectory(served);
        foreach (var file in new[] { "tls.crt", "tls.key" })
        {
            File.Copy(Path.Combine(first, file), Path.Combine(served, file));
        }

        await using var app = await StartAsync(served);
        var port = InjectorHost.AddressOf(app).Port;
        using (var before = ApiServerClient(port, File.ReadAllText(Path.Combine(first, "ca.crt"))))
        {
            Assert.Equal("ok\n", await before.GetStringAsync(new Uri($"https://{ServiceHost}:{port}/healthz")));
        }

        // A rotation: the script run again (new CA, new certificate), the files replaced as a Secret update would.
        var second = Bootstrap("second");
        foreach (var file in new[] { "tls.crt", "tls.key" })
        {
            File.Copy(Path.Combine(second, file), Path.Combine(served, file), overwrite: true);
            File.SetLastWriteTimeUtc(Path.Combine(served, file), DateTime.UtcNow.AddSeconds(5));
        }

        using var after = ApiServerClient(port, File.ReadAllText(Path.Combine(second, "ca.crt")));
        Assert.Equal("ok\n", await after.GetStringAsync(new Uri($"https://{ServiceHost}:{port}/healthz")));
        using var stale = ApiServerClient(port, File.ReadAllText(Path.Combine(first, "ca.crt")));
        await Assert.ThrowsAsync<HttpRequestException>(() => stale.GetStringAsync(new Uri($"https://{ServiceHost}:{port}/healthz")));
    }

    [Fact]
    public void Plain_HTTP_is_refused_off_loopback_and_HTTPS_without_certificate_files_is_refused()
    {
        Assert.Contains("loopback", Assert.Throws<InvalidOperationException>(() => InjectorHost.Build(new InjectorOptions { Listen = "http://0.0.0.0:8443" })).Message, StringComparison.Ordinal);
        Assert.Contains("TlsCertificateFile", Assert.Throws<InvalidOperationException>(() => InjectorHost.Build(new InjectorOptions { Listen = "https://127.0.0.1:0" })).Message, StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartAsync(string tlsDirectory)
    {
        var options = new InjectorOptions
        {
            Listen = "https://127.0.0.1:0",
            TlsCertificateFile = Path.Combine(tlsDirectory, "tls.crt"),
            TlsKeyFile = Path.Combine(tlsDirectory, "tls.key"),
        };
        Assert.Empty(options.Validate());
        var app = InjectorHost.Build(options, logging => { });
        await app.StartAsync();
        return app;
    }

    /// <summary>Runs bootstrap-tls.sh --cert-only into a fresh directory.</summary>
    private string Bootstrap(string name)
    {
        var output = Path.Combine(_directory, name);
        var info = new ProcessStartInfo("bash")
        {
            ArgumentList = { Path.Combine(RepoPaths.Root, "k8s", "injector", "bootstrap-tls.sh"), "--cert-only", output },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "bootstrap-tls.sh did not finish");
        Assert.True(process.ExitCode == 0, "bootstrap-tls.sh failed: " + stderr.Result);
        return output;
    }

    /// <summary>
    /// A client that behaves like the API server calling a webhook Service: it dials the Service's DNS name
    /// (here routed to 127.0.0.1), checks the certificate against that name, and trusts only the caBundle.
    /// </summary>
    private static HttpClient ApiServerClient(int port, string caBundlePem)
    {
        var ca = X509Certificate2.CreateFromPem(caBundlePem);
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(ca);
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy },
            ConnectCallback = async (context, cancellationToken) =>
            {
                Assert.Equal(ServiceHost, context.DnsEndPoint.Host);
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(handler, disposeHandler: true) { Timeout = TimeSpan.FromSeconds(10) };
    }
}

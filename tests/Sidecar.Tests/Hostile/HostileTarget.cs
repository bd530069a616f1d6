using System.Text;
using System.Text.Json.Nodes;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Hostile;

/// <summary>
/// What the raw-TCP hostile tests attack: a Sidecar with one <c>binance-hmac</c> venue (key id <c>key-id</c>) in front of
/// a <see cref="RecordingUpstream"/>, so a test can count what got through.
/// </summary>
internal sealed class HostileTarget : IAsyncDisposable
{
    private HostileTarget(RecordingUpstream upstream, SidecarUnderTest sidecar)
    {
        Upstream = upstream;
        Sidecar = sidecar;
    }

    public RecordingUpstream Upstream { get; }

    public SidecarUnderTest Sidecar { get; }

    public static async Task<HostileTarget> StartAsync(SoftHsmToken token, string labelPrefix, params string[] hosts)
    {
        var label = TestSecrets.Label(labelPrefix);
        token.ImportHmac(label, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        var upstream = await RecordingUpstream.StartAsync();
        var venues = new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", upstream.BaseAddress, "key-id", label, hosts) };
        return new HostileTarget(upstream, await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, venues)));
    }

    public async ValueTask DisposeAsync()
    {
        await Sidecar.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}

using System.Text;
using Sidecar.Signing;
using Sidecar.Signing.WebSockets;

namespace Sidecar.Tests.Signing.Coinbase;

/// <summary>What the tests of the two Coinbase feed sessions share: opening one, rebuilding a frame, the allocation check.</summary>
internal static class CoinbaseSessions
{
    public static WebSocketSession Open(string scheme, VenueCredentials credentials)
    {
        Assert.True(SigningSchemes.TryGet(scheme, out var found));
        return found.Exchange.WebSocket.Open(new WebSocketSessionContext(found, credentials, "/"));
    }

    /// <summary>Reads <paramref name="sent"/> (which must be readable) and rebuilds it at <paramref name="now"/>.</summary>
    public static (SignOutcome Outcome, ClientFrame Frame, SignedRequest Output) Rewrite(WebSocketSession session, string sent, long now, bool restamp = false)
    {
        var frame = new ClientFrame();
        var bytes = Encoding.UTF8.GetBytes(sent);
        Assert.True(session.TryRead(bytes, frame), frame.Error);
        var output = new SignedRequest();
        return (session.Rewrite(bytes, frame, new FrameClock(now, restamp), output), frame, output);
    }

    /// <summary>Reading and rebuilding <paramref name="sent"/> a thousand times, once warm, allocates no managed byte.</summary>
    public static void AssertRebuildAllocatesNothing(WebSocketSession session, string sent, long now)
    {
        var frame = new ClientFrame();
        var bytes = Encoding.UTF8.GetBytes(sent);
        using var output = new SignedRequest();
        var clock = new FrameClock(now, false);
        for (var i = 0; i < 100; i++)
        {
            Assert.True(session.TryRead(bytes, frame));
            Assert.Equal(SignOutcome.Signed, session.Rewrite(bytes, frame, clock, output));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            session.TryRead(bytes, frame);
            session.Rewrite(bytes, frame, clock, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

using System.Text;
using Sidecar.Signing;
using Sidecar.Signing.WebSockets;

namespace Sidecar.Tests.Signing;

/// <summary>What the WebSocket session tests of the login-frame exchanges do alike: open, read, rebuild, measure.</summary>
internal static class WebSocketSessions
{
    public static WebSocketSession Open(string scheme, VenueCredentials credentials, string path)
    {
        Assert.True(SigningSchemes.TryGet(scheme, out var signing));
        return signing.Exchange.WebSocket.Open(new WebSocketSessionContext(signing, credentials, path));
    }

    /// <summary>Reads <paramref name="sent"/>, which must be accepted.</summary>
    public static ClientFrame Read(WebSocketSession session, string sent)
    {
        var frame = new ClientFrame();
        Assert.True(session.TryRead(Encoding.UTF8.GetBytes(sent), frame), frame.Error);
        return frame;
    }

    /// <summary>Reads and rebuilds <paramref name="sent"/> at <paramref name="now"/> by the venue's clock; the caller disposes the output.</summary>
    public static (SignOutcome Outcome, ClientFrame Frame, SignedRequest Output) Rewrite(WebSocketSession session, string sent, long now, bool restamp = false)
    {
        var frame = Read(session, sent);
        var output = new SignedRequest();
        return (session.Rewrite(Encoding.UTF8.GetBytes(sent), frame, new FrameClock(now, restamp), output), frame, output);
    }

    /// <summary>Bytes <paramref name="run"/> allocates over 1000 calls, after 100 to warm up.</summary>
    public static long AllocatedBy(Action run)
    {
        for (var i = 0; i < 100; i++)
        {
            run();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            run();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}

namespace Sidecar.FakeExchange.Binance.WebSocket;

/// <summary>How the fake's WebSocket endpoints behave. The defaults are Binance's.</summary>
public sealed class FakeBinanceWebSocketOptions
{
    /// <summary>How often the server sends a ping frame. Null: Binance's own, every 20 s on the spot WebSocket API
    /// (web-socket-api.md) and every 3 min on the USDⓈ-M WebSocket API and user data streams.</summary>
    public TimeSpan? PingInterval { get; init; }

    /// <summary>How long the server waits for the pong before it drops the connection. Null: Binance's own, 1 min spot,
    /// 10 min USDⓈ-M.</summary>
    public TimeSpan? PongTimeout { get; init; }

    /// <summary>Accept permessage-deflate when a client offers it (whether one did is recorded per connection).</summary>
    public bool AcceptCompression { get; init; } = true;

    /// <summary>
    /// How long after a user data subscription starts (spot) or a user data stream connects (USDⓈ-M) the fake pushes
    /// the account's balances. Long enough to arrive in a TCP read of its own (see UserDataHub), short enough not
    /// to slow a test.
    /// </summary>
    public TimeSpan AccountSnapshotDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Every problem with these options (empty when they are usable).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (PingInterval is { } ping && ping <= TimeSpan.Zero)
        {
            errors.Add("WebSocket.PingInterval must be positive.");
        }

        if (PongTimeout is { } pong && pong < TimeSpan.Zero)
        {
            errors.Add("WebSocket.PongTimeout must not be negative.");
        }

        if (AccountSnapshotDelay < TimeSpan.Zero)
        {
            errors.Add("WebSocket.AccountSnapshotDelay must not be negative.");
        }

        return errors;
    }
}

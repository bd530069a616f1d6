namespace Sidecar.FakeExchange.Common;

/// <summary>
/// What every fake exchange is around its venue: one loopback server (REST and WebSocket on the same port), its
/// address, and the journal of the REST requests bots sent. A fake adds its handler and what it answers.
/// </summary>
public abstract class FakeExchangeServer : IAsyncDisposable
{
    private LoopbackServer _server = null!;

    /// <summary>e.g. http://127.0.0.1:43121/</summary>
    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>A snapshot of every REST request received so far, in arrival order (Sidecar's own background requests left out).</summary>
    public IReadOnlyList<ExchangeRequest> Requests => Journal.Snapshot();

    private protected ExchangeRequestJournal Journal { get; } = new();

    /// <summary>Fires when the server begins to stop: WebSockets end then instead of holding the stop up.</summary>
    private protected CancellationToken Stopping => _server.Stopping;

    public async ValueTask DisposeAsync()
    {
        OnStopping();
        await _server.DisposeAsync();
        OnStopped();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts <paramref name="fake"/>'s server on 127.0.0.1:<paramref name="port"/> (0: any free port).</summary>
    private protected static async Task<T> ListenAsync<T>(T fake, int port, CancellationToken cancellationToken = default)
        where T : FakeExchangeServer
    {
        fake._server = await LoopbackServer.StartAsync(fake.HandleAsync, port, cancellationToken);
        return fake;
    }

    /// <summary>Every request the server receives: REST, and upgrades to the venue's WebSockets.</summary>
    private protected abstract Task HandleAsync(HttpContext context);

    /// <summary>Runs before the server stops (e.g. ends the venue's WebSocket feeds).</summary>
    private protected virtual void OnStopping()
    {
    }

    /// <summary>Runs once the server has stopped (e.g. releases a key).</summary>
    private protected virtual void OnStopped()
    {
    }
}

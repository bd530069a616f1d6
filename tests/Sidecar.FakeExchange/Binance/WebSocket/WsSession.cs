namespace Sidecar.FakeExchange.Binance.WebSocket;

/// <summary>
/// One WebSocket API connection's state: the key logged on with <c>session.logon</c>, the spot user data stream
/// subscription (one per account per connection, and the fake has one account), the connection's default for
/// <c>returnRateLimits</c>, and its request count for the <c>rateLimits</c> it reports.
/// </summary>
internal sealed class WsSession(long connectionId, long connectedSince, bool returnRateLimits, WsOutbox outbox)
{
    private readonly Lock _gate = new();
    private int _nextSubscriptionId;
    private int? _subscriptionId;
    private long _minute = -1;
    private int _requestsThisMinute;

    public long ConnectionId { get; } = connectionId;

    public long ConnectedSince { get; } = connectedSince;

    /// <summary>False when the connection URL said <c>?returnRateLimits=false</c>.</summary>
    public bool ReturnRateLimits { get; } = returnRateLimits;

    public WsOutbox Outbox { get; } = outbox;

    /// <summary>The key of <c>session.logon</c>; null when the session is not logged on. Read and written by the
    /// connection's own receive loop only.</summary>
    public string? LoggedOnApiKey { get; set; }

    public long? AuthorizedSince { get; set; }

    /// <summary>The active user data subscription's id (ids count from 0 per connection), or null.</summary>
    public int? SubscriptionId
    {
        get
        {
            lock (_gate)
            {
                return _subscriptionId;
            }
        }
    }

    /// <summary>Whether the subscription came from <c>userDataStream.subscribe</c> (ended by <c>session.logout</c>)
    /// rather than <c>userDataStream.subscribe.signature</c>.</summary>
    public bool SubscribedThroughLogon { get; private set; }

    /// <summary>Starts the subscription and returns its id; null when one is already active.</summary>
    public int? Subscribe(bool throughLogon)
    {
        lock (_gate)
        {
            if (_subscriptionId is not null)
            {
                return null;
            }

            _subscriptionId = _nextSubscriptionId++;
            SubscribedThroughLogon = throughLogon;
            return _subscriptionId;
        }
    }

    /// <summary>Ends the subscription (only the one with <paramref name="id"/> when given); the id ended, or null.</summary>
    public int? Unsubscribe(int? id = null)
    {
        lock (_gate)
        {
            if (_subscriptionId is not { } active || (id is not null && id != active))
            {
                return null;
            }

            _subscriptionId = null;
            return active;
        }
    }

    /// <summary>Counts a request and returns how many this connection made in the current minute.</summary>
    public int CountRequest(long nowMilliseconds)
    {
        var minute = nowMilliseconds / 60_000;
        if (minute != _minute)
        {
            _minute = minute;
            _requestsThisMinute = 0;
        }

        return ++_requestsThisMinute;
    }
}

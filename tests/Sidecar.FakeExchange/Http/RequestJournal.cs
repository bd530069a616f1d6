namespace Sidecar.FakeExchange.Http;

/// <summary>Every request received (REST requests, WebSocket API frames), in order; safe to read while requests arrive.</summary>
internal sealed class RequestJournal<T>
{
    private readonly Lock _gate = new();
    private readonly List<T> _requests = [];

    public void Add(T request)
    {
        lock (_gate)
        {
            _requests.Add(request);
        }
    }

    public IReadOnlyList<T> Snapshot()
    {
        lock (_gate)
        {
            return _requests.ToArray();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }
}

using Sidecar.FakeExchange.Http;

namespace Sidecar.FakeExchange.Common;

/// <summary>The requests a fake exchange received from bots, in order; Sidecar's own background requests are left out.</summary>
internal sealed class ExchangeRequestJournal
{
    private readonly RequestJournal<ExchangeRequest> _journal = new();

    public IReadOnlyList<ExchangeRequest> Snapshot() => _journal.Snapshot();

    public void Clear() => _journal.Clear();

    public void Record(HttpRequest request, ExchangeRequest entry)
    {
        if (!SidecarBackground.IsBackground(request))
        {
            _journal.Add(entry);
        }
    }
}

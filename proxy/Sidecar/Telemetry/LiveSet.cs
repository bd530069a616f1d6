namespace Sidecar.Telemetry;

/// <summary>
/// The running instances an observable gauge reads (HSM sets, audit logs): added when they start, removed when they
/// stop, and copied out under the lock when the gauge is collected, so a collection never sees a list being changed.
/// </summary>
internal sealed class LiveSet<T>
    where T : class
{
    private readonly Lock _gate = new();
    private readonly List<T> _items = [];

    public void Add(T item)
    {
        lock (_gate)
        {
            _items.Add(item);
        }
    }

    public void Remove(T item)
    {
        lock (_gate)
        {
            _items.Remove(item);
        }
    }

    public T[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _items];
        }
    }
}

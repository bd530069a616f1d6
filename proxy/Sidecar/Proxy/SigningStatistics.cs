using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Sidecar.Proxy;

/// <summary>Signatures made, per venue. Feeds readiness and metrics, and lets tests prove a refusal never signed.</summary>
internal sealed class SigningStatistics
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _signs = new(StringComparer.Ordinal);

    public long Total
    {
        get
        {
            long total = 0;
            foreach (var count in _signs.Values)
            {
                total += Volatile.Read(ref count.Value);
            }

            return total;
        }
    }

    public void CountSign(string venue) => Interlocked.Increment(ref _signs.GetOrAdd(venue, static _ => new StrongBox<long>()).Value);

    public long Signs(string venue) => _signs.TryGetValue(venue, out var count) ? Volatile.Read(ref count.Value) : 0;
}

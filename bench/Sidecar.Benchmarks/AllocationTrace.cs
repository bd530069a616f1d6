using System.Diagnostics.Tracing;

namespace Sidecar.Benchmarks;

/// <summary>
/// With <c>BENCH_ALLOC_TRACE=1</c>: counts the runtime's allocation samples (GC AllocationTick, one per ~100 KB) by type,
/// to find what allocates in a path that should not. Printed when disposed.
/// </summary>
internal sealed class AllocationTrace : EventListener
{
    private readonly Dictionary<string, int> _types = [];
    private readonly bool _on = Environment.GetEnvironmentVariable("BENCH_ALLOC_TRACE") == "1";

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (_on && source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs data)
    {
        if (data.EventName == "GCAllocationTick_V4" && data.Payload is { } payload && data.PayloadNames is { } names)
        {
            var type = payload[names.IndexOf("TypeName")]?.ToString() ?? "?";
            lock (_types)
            {
                _types[type] = _types.GetValueOrDefault(type) + 1;
            }
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        lock (_types)
        {
            foreach (var (type, count) in _types.OrderByDescending(t => t.Value).Take(15))
            {
                Console.WriteLine($"  alloc samples {count,5}  {type}");
            }
        }
    }
}

using System.Diagnostics;
using System.Text;
using Sidecar.Signing;

namespace Sidecar.Benchmarks;

/// <summary>
/// <c>--concurrency</c>: what one sign costs when several threads sign at once, as under the load benchmark's 32
/// connections (Kestrel's thread pool signs on whichever threads carry the requests). For 1, 2 and 4 threads, each
/// signing a Binance-sized prehash in a loop for a few seconds: signs per second and the process's CPU time per
/// sign (user + system, from <see cref="Process.TotalProcessorTime"/>), for the SoftHSM2 session-object key and
/// the in-process HMAC baseline. Throughput figures, not a BenchmarkDotNet table; run it on a quiet machine.
/// </summary>
internal static class ConcurrentSigning
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);

    public static int Run()
    {
        var hsm = BenchHsm.Shared;
        var data = Encoding.ASCII.GetBytes(
            "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=65000.5&newClientOrderId=bench-1-1&recvWindow=5000&timestamp=1700000000000");
        Console.WriteLine($"{Environment.ProcessorCount} processors; prehash {data.Length} B; {Duration.TotalSeconds:0} s per row");
        Console.WriteLine("| key | threads | signs/s | CPU µs per sign |");
        Console.WriteLine("|---|--:|--:|--:|");
        foreach (var (name, key) in new[] { ("SoftHSM2 session object", (ISigningKey)hsm.SessionObjectKey), ("SoftHSM2, one sign at a time", new OneAtATime(hsm.SessionObjectKey)), ("in-process HMAC", hsm.InProcessKey) })
        {
            Measure(key, data, 1, TimeSpan.FromSeconds(1)); // warm-up
            foreach (var threads in new[] { 1, 2, 4 })
            {
                var (perSecond, cpuMicroseconds) = Measure(key, data, threads, Duration);
                Console.WriteLine($"| {name} | {threads} | {perSecond:N0} | {cpuMicroseconds:0.0} |");
            }
        }

        return 0;
    }

    private static (double PerSecond, double CpuMicroseconds) Measure(ISigningKey key, byte[] data, int threads, TimeSpan duration)
    {
        var counts = new long[threads];
        var stop = 0;
        var workers = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            var index = i;
            workers[i] = new Thread(() =>
            {
                Span<byte> signature = stackalloc byte[64];
                var n = 0L;
                while (Volatile.Read(ref stop) == 0)
                {
                    key.Sign(data, signature);
                    n++;
                }

                counts[index] = n;
            });
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        foreach (var worker in workers)
        {
            worker.Start();
        }

        Thread.Sleep(duration);
        Volatile.Write(ref stop, 1);
        foreach (var worker in workers)
        {
            worker.Join();
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var total = 0L;
        foreach (var count in counts)
        {
            total += count;
        }

        return (total / elapsed.TotalSeconds, cpu.TotalMicroseconds / total);
    }

    private sealed class OneAtATime(ISigningKey inner) : ISigningKey
    {
        private readonly Lock _gate = new();

        public string Label => inner.Label;

        public SignatureAlgorithm Algorithm => inner.Algorithm;

        public int Sign(ReadOnlySpan<byte> data, Span<byte> signature)
        {
            lock (_gate)
            {
                return inner.Sign(data, signature);
            }
        }
    }
}

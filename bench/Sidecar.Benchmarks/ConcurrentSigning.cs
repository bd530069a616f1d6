using System.Diagnostics;
using System.Text;
using Sidecar.Signing;

namespace Sidecar.Benchmarks;

/// <summary>
/// <c>--concurrency</c>: what one sign costs when several threads sign at once, as under the load benchmark's 32
/// connections (Kestrel's thread pool signs on whichever threads carry the requests). For 1, 2 and 4 threads, each
/// signing a Binance-sized prehash in a loop for a few seconds: signs per second and the process's CPU time per
/// sign (user + system, from <see cref="Process.TotalProcessorTime"/>), for the SoftHSM2 session-object key (shared
/// by every thread, as in Sidecar), the same behind a lock, one key object per thread (private copies as Sidecar
/// makes them, and non-private objects, see <see cref="KeyObjectsPerThread"/>), and the in-process HMAC baseline.
/// Throughput figures, not a BenchmarkDotNet table; run it on a quiet machine.
/// </summary>
internal static class ConcurrentSigning
{
    private const int MaxThreads = 4;

    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);

    public static int Run()
    {
        var hsm = BenchHsm.Shared;
        var data = Encoding.ASCII.GetBytes(
            "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=65000.5&newClientOrderId=bench-1-1&recvWindow=5000&timestamp=1700000000000");
        Console.WriteLine($"{Environment.ProcessorCount} processors; prehash {data.Length} B; {Duration.TotalSeconds:0} s per row");
        Console.WriteLine("| key | threads | signs/s | CPU µs per sign |");
        Console.WriteLine("|---|--:|--:|--:|");
        using var perThread = new KeyObjectsPerThread(hsm, MaxThreads);
        var rows = new (string Name, ISigningKey[] Keys)[]
        {
            ("SoftHSM2 session object", Same(hsm.SessionObjectKey)),
            ("SoftHSM2, one sign at a time", Same(new OneAtATime(hsm.SessionObjectKey))),
            ("SoftHSM2, a private session copy per thread", perThread.PrivateCopies),
            ("SoftHSM2, a non-private session object per thread", perThread.NonPrivateObjects),
            ("in-process HMAC", Same(hsm.InProcessKey)),
        };
        foreach (var (name, keys) in rows)
        {
            MustAgree(name, keys, hsm.InProcessKey, data);
            Measure(keys, data, 1, TimeSpan.FromSeconds(1)); // warm-up
            foreach (var threads in new[] { 1, 2, MaxThreads })
            {
                var (perSecond, cpuMicroseconds) = Measure(keys, data, threads, Duration);
                Console.WriteLine($"| {name} | {threads} | {perSecond:N0} | {cpuMicroseconds:0.0} |");
            }
        }

        return 0;
    }

    /// <summary>Every key of a row must give the in-process MAC, or the row would time a failure.</summary>
    private static void MustAgree(string name, ISigningKey[] keys, ISigningKey reference, byte[] data)
    {
        Span<byte> expected = stackalloc byte[64];
        Span<byte> actual = stackalloc byte[64];
        var length = reference.Sign(data, expected).Length;
        foreach (var key in keys)
        {
            if (key.Sign(data, actual).Length != length || !actual[..length].SequenceEqual(expected[..length]))
            {
                throw new InvalidOperationException($"{name}: the signature differs from the in-process HMAC");
            }
        }
    }

    /// <summary>The same key for every thread.</summary>
    private static ISigningKey[] Same(ISigningKey key)
    {
        var keys = new ISigningKey[MaxThreads];
        Array.Fill(keys, key);
        return keys;
    }

    /// <summary>Thread <c>i</c> signs with <c>keys[i]</c>.</summary>
    private static (double PerSecond, double CpuMicroseconds) Measure(ISigningKey[] keys, byte[] data, int threads, TimeSpan duration)
    {
        var counts = new long[threads];
        var stop = 0;
        var workers = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            var index = i;
            var key = keys[i];
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

        public SignResult Sign(ReadOnlySpan<byte> data, Span<byte> signature)
        {
            lock (_gate)
            {
                return inner.Sign(data, signature);
            }
        }
    }
}

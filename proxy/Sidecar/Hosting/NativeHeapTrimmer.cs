using Microsoft.Extensions.Hosting;

namespace Sidecar.Hosting;

/// <summary>
/// Trims the native heap (<see cref="NativeHeap"/>) every 10 s while the proxy runs, so RSS follows the native
/// memory in use instead of each malloc arena's high-water mark: JIT compilations and the PKCS#11 client touch freed
/// pages again within a minute, so a slower trim leaves a saw-tooth of several MB. A trim walks one arena at a time
/// under its lock (a few MB of free chunks here), from a timer, off the request path.
/// </summary>
internal sealed class NativeHeapTrimmer : BackgroundService
{
    private readonly TimeSpan _interval;

    public NativeHeapTrimmer()
        : this(TimeSpan.FromSeconds(10))
    {
    }

    internal NativeHeapTrimmer(TimeSpan interval) => _interval = interval;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!NativeHeap.CanTrim)
        {
            return;
        }

        using var timer = new PeriodicTimer(_interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken) && NativeHeap.CanTrim)
            {
                NativeHeap.Trim();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}

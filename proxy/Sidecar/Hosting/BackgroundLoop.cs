namespace Sidecar.Hosting;

/// <summary>
/// Ends a background loop that runs until its <see cref="CancellationTokenSource"/> is cancelled (the clock sync,
/// the published-limits reader): cancel, wait for the loop to see it, then release the source.
/// </summary>
internal static class BackgroundLoop
{
    public static async ValueTask StopAsync(CancellationTokenSource stopping, Task loop)
    {
        await stopping.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        stopping.Dispose();
    }
}

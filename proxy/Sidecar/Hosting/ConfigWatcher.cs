using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Sidecar.Logging;

namespace Sidecar.Hosting;

/// <summary>
/// Notices that the configuration file changed and asks <see cref="ConfigReloader"/> to apply it. The directory is
/// watched, not the file: editors save by writing a new file and renaming it over the old one, and Kubernetes
/// updates a mounted ConfigMap by swapping its <c>..data</c> symlink — both replace the file a file watch would
/// follow. File-system events can also be lost (inotify queue overflow, network file systems), so the content
/// hash is polled as well. Bursts of events are debounced into one reload, and only a change of content reloads;
/// <see cref="RequestReload"/> (SIGHUP) reloads unconditionally. The poll and the debounce run on the watcher's
/// clock, so tests drive them with a fake one.
/// </summary>
internal sealed partial class ConfigWatcher : IAsyncDisposable
{
    /// <summary>The fallback poll: a few seconds is fast enough for a human edit and costs one small file read.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>An editor's save or a ConfigMap swap is several events within milliseconds: reload once, after them.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    private readonly string _path;
    private readonly ConfigReloader _reloader;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly FileSystemWatcher? _watcher;
    private byte[]? _lastHash;
    private int _forced;
    private int _checks;
    private Task _loop = Task.CompletedTask;

    public ConfigWatcher(string path, ConfigReloader reloader, ILogger<ConfigWatcher> logger, TimeProvider clock)
    {
        _path = Path.GetFullPath(path);
        _reloader = reloader;
        _logger = logger;
        _clock = clock;
        try
        {
            _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!)
            {
                IncludeSubdirectories = false,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _watcher.Changed += OnEvent;
            _watcher.Created += OnEvent;
            _watcher.Deleted += OnEvent;
            _watcher.Renamed += OnEvent;
            _watcher.Error += OnError;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            // inotify limits reached or the directory cannot be watched: the poll still notices changes.
            Log.WatchFailed(_logger, _path, ex.Message);
        }
    }

    public void Start()
    {
        _lastHash = HashOf(_path);
        if (_watcher is not null)
        {
            _watcher.EnableRaisingEvents = true;
        }

        _loop = Task.Run(() => RunAsync(_stop.Token));
        Log.Watching(_logger, _path, PollInterval.TotalSeconds);
    }

    /// <summary>
    /// Times the file has been looked at (after events, a poll or a SIGHUP), each counted once its reload, if any,
    /// is done: a test knows a look started after its write has been made once this grows past what it read after.
    /// </summary>
    internal int Checks => Volatile.Read(ref _checks);

    /// <summary>Reload now even if the content looks unchanged (SIGHUP).</summary>
    public void RequestReload()
    {
        Volatile.Write(ref _forced, 1);
        Wake();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _watcher?.Dispose();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stop.Dispose();
        _signal.Dispose();
    }

    private void OnEvent(object sender, FileSystemEventArgs e) => Wake();

    private void OnError(object sender, ErrorEventArgs e)
    {
        Log.WatchFailed(_logger, _path, e.GetException().Message);
        Wake();
    }

    private void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (ObjectDisposedException)
        {
            // An event or a SIGHUP raced with shutdown.
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        // An event's wait outlives a poll that came first: the next event must wake this loop, not a forgotten waiter.
        Task<bool>? woken = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            woken ??= _signal.WaitAsync(Timeout.Infinite, cancellationToken);
            using (var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                if (await Task.WhenAny(woken, Task.Delay(PollInterval, _clock, poll.Token)) == woken)
                {
                    await poll.CancelAsync();
                    await woken;
                    woken = null;
                    await Task.Delay(Debounce, _clock, cancellationToken);
                    while (_signal.Wait(0))
                    {
                        // Drain the burst: one reload for all of it.
                    }
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            Check();
            Interlocked.Increment(ref _checks);
        }
    }

    private void Check()
    {
        var forced = Interlocked.Exchange(ref _forced, 0) == 1;
        var hash = HashOf(_path);

        // Missing or unreadable mid-replacement: keep serving and look again, unless a reload was asked for.
        if (!forced && (hash is null || (_lastHash is not null && hash.AsSpan().SequenceEqual(_lastHash))))
        {
            return;
        }

        _lastHash = hash;
        if (_reloader.Reload(_path, forced ? "SIGHUP" : "file changed") == ReloadOutcome.Deferred)
        {
            // Not the file's fault: the next poll tries the same content again.
            _lastHash = null;
        }
    }

    private static byte[]? HashOf(string path)
    {
        try
        {
            // Follows the ConfigMap's ..data symlink chain to the file's current content.
            return SHA256.HashData(File.ReadAllBytes(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.ConfigWatching, LogLevel.Information, "Watching {Path} for changes (directory events, and its content every {Seconds} s); SIGHUP reloads it too")]
        public static partial void Watching(ILogger logger, string path, double seconds);

        [LoggerMessage(EventIds.ConfigWatchFailed, LogLevel.Warning, "Cannot watch the directory of {Path} ({Reason}); changes are still noticed by polling")]
        public static partial void WatchFailed(ILogger logger, string path, string reason);
    }
}

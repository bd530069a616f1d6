using System.Diagnostics;

namespace Sidecar.Tests.Infrastructure;

/// <summary>
/// A 128 KiB tmpfs mounted for one test (the tests run as root), to be filled so that writes to it fail with "no space
/// left on device" (the audit log's fail-closed path); unmounted on dispose.
/// </summary>
internal sealed class TinyDisk : IDisposable
{
    private TinyDisk(string path) => Path = path;

    public string Path { get; }

    public static TinyDisk Mount(string path)
    {
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", path);
        return new TinyDisk(path);
    }

    /// <summary>Writes <paramref name="file"/> until the disk is full.</summary>
    public static void Fill(string file)
    {
        using var stream = new FileStream(file, FileMode.Create, FileAccess.Write);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                stream.Write(block);
                stream.Flush(flushToDisk: true);
            }
        }
        catch (IOException)
        {
            // No space left on device: what the test wanted.
        }
    }

    public void Dispose() => Run("umount", "-l", Path);

    private static void Run(string command, params string[] args)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{command} failed: {errors}");
    }
}

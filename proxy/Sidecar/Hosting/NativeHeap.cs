using System.Runtime.InteropServices;

namespace Sidecar.Hosting;

/// <summary>
/// glibc's malloc, which the runtime, the JIT, OpenSSL and the PKCS#11 client allocate from. glibc gives threads
/// their own arenas (up to eight per core of the host) and returns an arena's memory to the kernel only from its
/// top: pages freed below a chunk still in use stay resident. The sidecar's native memory in use stays near 5 MB,
/// but JIT compilations (up to a few MB each, freed when done) on one thread after another leave arena after
/// arena at its own high-water mark, which the 10-minute soak saw as RSS rising in steps long after warm-up: 16
/// arenas held 28 MB for 5 MB in use (bench/RESULTS.md). So `sidecar run` caps the arenas at start-up and the
/// proxy trims them: malloc_trim(0) hands the free pages of every arena back.
/// </summary>
internal static class NativeHeap
{
    private const int M_ARENA_MAX = -8;

    private static volatile bool s_unavailable = !OperatingSystem.IsLinux();

    /// <summary>False off Linux, and on a C library without malloc_trim (musl) once a call found it missing.</summary>
    public static bool CanTrim => !s_unavailable;

    /// <summary>Returns the free pages of every malloc arena to the kernel; true when some were returned.</summary>
    public static bool Trim()
    {
        if (s_unavailable)
        {
            return false;
        }

        try
        {
            return malloc_trim(0) != 0;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            s_unavailable = true;
            return false;
        }
    }

    /// <summary>
    /// Caps the arenas at <see cref="Environment.ProcessorCount"/> (the container's CPU limit, at least 2) unless the
    /// operator chose a number (MALLOC_ARENA_MAX, or glibc.malloc.arena_max in GLIBC_TUNABLES). Arenas the runtime's
    /// own threads made before the call stay; threads started later share them. Returns the cap set, or null.
    /// </summary>
    public static int? LimitArenas()
    {
        if (s_unavailable || ArenaLimit(Environment.GetEnvironmentVariable, Environment.ProcessorCount) is not { } limit)
        {
            return null;
        }

        try
        {
            return mallopt(M_ARENA_MAX, limit) == 1 ? limit : null;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The cap to set: null when the environment already sets one (glibc applied it at start-up).</summary>
    internal static int? ArenaLimit(Func<string, string?> environment, int processorCount)
    {
        if (environment("MALLOC_ARENA_MAX") is not null
            || environment("GLIBC_TUNABLES") is { } tunables && tunables.Contains("glibc.malloc.arena_max", StringComparison.Ordinal))
        {
            return null;
        }

        return Math.Max(2, processorCount);
    }

    // DllImport with blittable arguments: the project does not allow unsafe code, which LibraryImport needs.
    [DllImport("libc")]
    private static extern int malloc_trim(nuint pad);

    [DllImport("libc")]
    private static extern int mallopt(int param, int value);
}

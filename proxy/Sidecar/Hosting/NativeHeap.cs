using System.Runtime.InteropServices;

namespace Sidecar.Hosting;

/// <summary>
/// glibc's malloc, which the runtime, the JIT, OpenSSL and the PKCS#11 client allocate from. glibc gives threads
/// their own arenas (up to eight per core of the host) and returns an arena's memory to the kernel only from its
/// top: pages freed below a chunk still in use stay resident. The sidecar's native memory in use stays near 5 MB,
/// but JIT compilations (up to a few MB each, freed when done) on one thread after another leave arena after
/// arena at its own high-water mark, which the 10-minute soak saw as RSS rising in steps long after warm-up: 16
/// arenas held 28 MB for 5 MB in use (bench/RESULTS.md). malloc_trim(0) hands the free pages of every arena back.
/// </summary>
internal static class NativeHeap
{
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

    // DllImport with blittable arguments: the project does not allow unsafe code, which LibraryImport needs.
    [DllImport("libc")]
    private static extern int malloc_trim(nuint pad);
}

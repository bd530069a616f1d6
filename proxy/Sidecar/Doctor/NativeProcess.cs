using System.Runtime.InteropServices;

namespace Sidecar.Doctor;

/// <summary>The few libc calls the process checks and hardening need (Linux).</summary>
internal static class NativeProcess
{
    private const int PR_SET_DUMPABLE = 4;
    private const int PR_GET_DUMPABLE = 3;
    private const int RLIMIT_CORE = 4;

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    /// <summary>0 not dumpable, 1 dumpable, 2 root-only (suid_dumpable); null off Linux.</summary>
    public static int? Dumpable() => OperatingSystem.IsLinux() ? prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) : null;

    /// <summary>The soft RLIMIT_CORE in bytes (ulong.MaxValue for unlimited); null off Linux or on error.</summary>
    public static ulong? CoreLimit() =>
        OperatingSystem.IsLinux() && getrlimit(RLIMIT_CORE, out var limit) == 0 ? limit.Current : null;

    public static uint EffectiveUid() => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() ? geteuid() : uint.MaxValue;

    /// <summary>
    /// No core file, and no ptrace by unprivileged processes of the same user. A root process with CAP_SYS_PTRACE
    /// can still attach (the isolation tests' gcore), which is the operator's own choice. True when both took.
    /// </summary>
    public static bool DisableDumps()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var limit = new RLimit { Current = 0, Maximum = 0 };
        return (setrlimit(RLIMIT_CORE, ref limit) == 0) & (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0);
    }

    // DllImport with blittable arguments: the project does not allow unsafe code, which LibraryImport needs.
    [DllImport("libc")]
    private static extern int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [DllImport("libc")]
    private static extern int getrlimit(int resource, out RLimit limit);

    [DllImport("libc")]
    private static extern int setrlimit(int resource, ref RLimit limit);

    [DllImport("libc")]
    private static extern uint geteuid();
}

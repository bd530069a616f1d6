namespace Sidecar.Doctor.Checks;

/// <summary>
/// Core dumps off: a crash dump of Sidecar holds the PIN (during login) and the API passphrases. Inside
/// <c>sidecar run</c> the process itself is checked; the <c>doctor</c> command reports what <c>run</c> will do.
/// </summary>
internal sealed class CoreDumpCheck : IPostureCheck
{
    public IEnumerable<CheckResult> Run(DoctorContext context)
    {
        const string Fix = "set Posture:HardenProcess to true (the default), or run with `ulimit -c 0` and PR_SET_DUMPABLE 0";
        if (!context.InsideRun)
        {
            yield return context.Config.Posture.HardenProcess
                ? CheckResult.Pass("process.core-dumps", null, "sidecar run sets PR_SET_DUMPABLE 0 and RLIMIT_CORE 0 at start-up (Posture:HardenProcess)")
                : CheckResult.Weak("process.core-dumps", null, context.Strict, "Posture:HardenProcess is false: sidecar run leaves core dumps to the environment", Fix);
            yield break;
        }

        var dumpable = context.Process.Dumpable();
        var core = context.Process.CoreLimit();
        if (dumpable is null || core is null)
        {
            yield return new CheckResult("process.core-dumps", null, CheckStatus.Unknown, "prctl(PR_GET_DUMPABLE) or getrlimit(RLIMIT_CORE) is not available here", Fix);
        }
        else if (dumpable == 0 && core == 0)
        {
            yield return CheckResult.Pass("process.core-dumps", null, "the process is not dumpable and RLIMIT_CORE is 0");
        }
        else
        {
            yield return CheckResult.Weak("process.core-dumps", null, context.Strict,
                $"core dumps are possible (PR_GET_DUMPABLE {dumpable}, RLIMIT_CORE {(core == ulong.MaxValue ? "unlimited" : core.ToString())})", Fix);
        }
    }
}

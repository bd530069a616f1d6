namespace Sidecar.Doctor.Checks;

/// <summary>Not root: Sidecar needs no privilege, and root can read every other process's memory and secrets.</summary>
internal sealed class ProcessUserCheck : IPostureCheck
{
    public IEnumerable<CheckResult> Run(DoctorContext context)
    {
        var uid = context.Process.EffectiveUid();
        yield return uid == 0
            ? CheckResult.Weak("process.user", null, context.Strict, "running as root (uid 0)",
                "run Sidecar as an unprivileged user (the k8s manifests use runAsNonRoot with uid 65532)")
            : CheckResult.Pass("process.user", null, $"running as uid {uid}, not root");
    }
}

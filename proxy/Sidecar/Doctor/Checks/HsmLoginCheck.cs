using Sidecar.Configuration;

namespace Sidecar.Doctor.Checks;

/// <summary>
/// Each configured HSM logs in (one line per HSM, named unless it is the <c>Hsm</c> section alone) and every venue's
/// key and passphrase are on its HSM; the venue checks need both.
/// </summary>
internal sealed class HsmLoginCheck : IPostureCheck
{
    public IEnumerable<CheckResult> Run(DoctorContext context)
    {
        var several = context.Hsms.Count + context.HsmProblems.Count > 1;
        foreach (var (name, problem) in context.HsmProblems)
        {
            var path = HsmOptions.SectionPath(name);
            yield return new CheckResult("hsm.login", null, CheckStatus.Fail, several ? $"HSM '{name}': {problem}" : problem,
                $"check {path}:Module, {path}:Token and the PIN; the checks of venues on it were skipped");
        }

        foreach (var (name, hsm) in context.Hsms)
        {
            yield return CheckResult.Pass("hsm.login", null, several ? $"HSM '{name}': logged in to token '{hsm.TokenLabel}'" : $"logged in to token '{hsm.TokenLabel}'");
        }

        foreach (var problem in context.VenueProblems)
        {
            yield return new CheckResult("hsm.keys", null, CheckStatus.Fail, problem, "import or generate the key under that label (sidecar keys import | generate); that venue's checks were skipped");
        }
    }
}

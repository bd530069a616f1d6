namespace Sidecar.Doctor.Checks;

/// <summary>The token logs in and every venue's key and passphrase are on it; the venue checks need both.</summary>
internal sealed class HsmLoginCheck : IPostureCheck
{
    public IEnumerable<CheckResult> Run(DoctorContext context)
    {
        if (context.Hsm is null)
        {
            yield return new CheckResult("hsm.login", null, CheckStatus.Fail, context.HsmProblem ?? "the token could not be opened",
                "check Hsm:Module, Hsm:Token and the PIN; venue checks were skipped");
            yield break;
        }

        yield return CheckResult.Pass("hsm.login", null, $"logged in to token '{context.Hsm.TokenLabel}'");
        foreach (var problem in context.VenueProblems)
        {
            yield return new CheckResult("hsm.keys", null, CheckStatus.Fail, problem, "import or generate the key under that label (sidecar keys import | generate); that venue's checks were skipped");
        }
    }
}

namespace Sidecar.Doctor;

/// <summary>
/// One line of the doctor's report: which check, for which venue (null: the whole sidecar), the verdict, a
/// one-line reason and, unless it passed, the fix. Reasons name settings, labels and attributes — never a secret.
/// </summary>
internal sealed record CheckResult(string Check, string? Venue, CheckStatus Status, string Reason, string? Fix = null)
{
    public static CheckResult Pass(string check, string? venue, string reason) => new(check, venue, CheckStatus.Pass, reason);

    /// <summary>A weakness that <c>Posture:Strict</c> turns into a failure.</summary>
    public static CheckResult Weak(string check, string? venue, bool strict, string reason, string fix) =>
        new(check, venue, strict ? CheckStatus.Fail : CheckStatus.Warn, reason, fix);
}

namespace Sidecar.Doctor.Checks;

/// <summary>
/// The .NET diagnostics port off (<c>DOTNET_EnableDiagnostics=0</c>): otherwise any process of the same user can
/// connect to its IPC socket and dump the heap, with the passphrases in it, without ptrace.
/// </summary>
internal sealed class DiagnosticsPortCheck : IPostureCheck
{
    public IEnumerable<CheckResult> Run(DoctorContext context)
    {
        var value = context.Environment("DOTNET_EnableDiagnostics");
        yield return value == "0"
            ? CheckResult.Pass("process.diagnostics", null, "DOTNET_EnableDiagnostics=0: no diagnostics IPC port")
            : CheckResult.Weak("process.diagnostics", null, context.Strict,
                $"DOTNET_EnableDiagnostics is {(value is null ? "unset" : $"'{value}'")}: the .NET diagnostics port lets same-user processes dump the heap",
                "set DOTNET_EnableDiagnostics=0 in the environment that starts sidecar run (the k8s manifests do)");
    }
}

using Sidecar.Audit;

namespace Sidecar.Cli;

/// <summary><c>sidecar audit verify FILE</c>.</summary>
internal static class AuditCommands
{
    public static int Verify(CommandLine line, TextWriter output)
    {
        if (line.Verbs.Count != 3)
        {
            throw new UsageException("usage: sidecar audit verify FILE");
        }

        line.RejectUnknown();
        var path = line.Verbs[2];
        var verdict = AuditChain.Verify(path);
        if (verdict.Ok)
        {
            output.WriteLine($"ok: {verdict.Records} records in {verdict.Files} file{(verdict.Files == 1 ? "" : "s")}, chain intact");
            return ExitCodes.Ok;
        }

        Console.Error.WriteLine($"sidecar: audit chain broken at {verdict.BrokenFile}:{verdict.BrokenLine}: {verdict.Reason} ({verdict.Records} records verified before it)");
        return ExitCodes.Failure;
    }
}

using System.Globalization;
using Sidecar.Audit;

namespace Sidecar.Cli;

/// <summary><c>sidecar audit verify | show | tail FILE</c>.</summary>
internal static class AuditCommands
{
    /// <summary><c>sidecar audit verify FILE [--public-key PEMFILE]</c>: the chain, and with the key the checkpoints.</summary>
    public static int Verify(CommandLine line, TextWriter output, TextWriter error)
    {
        var path = FileArgument(line, "usage: sidecar audit verify FILE [--public-key PEMFILE]");
        var keyFile = line.Optional("public-key");
        line.RejectUnknown();
        CheckpointVerifier? key = null;
        if (keyFile is not null)
        {
            try
            {
                key = CheckpointVerifier.FromPem(File.ReadAllText(keyFile));
            }
            catch (FormatException ex)
            {
                throw new UsageException($"--public-key '{keyFile}': {ex.Message}");
            }
        }

        var verdict = AuditVerifier.Verify(path, key);
        if (!verdict.Ok)
        {
            var at = verdict.BrokenLine > 0 ? $"{verdict.BrokenFile}:{verdict.BrokenLine}" : verdict.BrokenFile;
            error.WriteLine($"sidecar: audit log NOT intact at {at}: {verdict.Reason} ({verdict.Records} records verified before it)");
            return ExitCodes.Failure;
        }

        var files = verdict.Files == 1 ? "1 file" : $"{verdict.Files} files";
        output.WriteLine($"ok: {verdict.Records} records in {files}, chain intact");
        if (key is null)
        {
            output.WriteLine(verdict.CheckpointsVerified > 0
                ? $"checkpoints: {verdict.CheckpointsVerified} match the chain, signatures NOT checked (pass --public-key: without it a chain rewritten whole passes)"
                : "checkpoints: none checked (pass --public-key to check the signed checkpoints)");
        }
        else
        {
            output.WriteLine($"checkpoints: {verdict.CheckpointsVerified} verified with key {key.KeyId} ({key.Algorithm}); the last vouches for seq {verdict.LastCheckpointSequence}");
        }

        if (verdict.LastSequence > verdict.LastCheckpointSequence && verdict.LastCheckpointSequence > 0)
        {
            output.WriteLine($"note: {verdict.LastSequence - verdict.LastCheckpointSequence} records after seq {verdict.LastCheckpointSequence} are not yet covered by a checkpoint (the chain vouches for them; a cut there shows only against a later checkpoint)");
        }

        if (verdict.TornBytes > 0)
        {
            output.WriteLine($"note: the last line is torn ({verdict.TornBytes} bytes without a newline): a crash mid-write; it was never a record, and Sidecar cuts it when it starts");
        }

        if (verdict.OpenIntents > 0)
        {
            output.WriteLine($"note: {verdict.OpenIntents} intent records have no answered record yet (in flight, or Sidecar stopped first): the exchange may have acted on them — check by client order id");
        }

        foreach (var note in verdict.Notes)
        {
            output.WriteLine("note: " + note);
        }

        return ExitCodes.Ok;
    }

    /// <summary><c>sidecar audit show FILE [--venue V] [--since T] [--decision D] [--json]</c>: matching records, each intent with its answer.</summary>
    public static int Show(CommandLine line, TextWriter output)
    {
        var path = FileArgument(line, "usage: sidecar audit show FILE [--venue VENUE] [--since TIME|DURATION] [--decision DECISION] [--json]");
        var venue = line.Optional("venue");
        var since = line.Optional("since") is { } text ? Since(text) : (DateTimeOffset?)null;
        var decision = line.Optional("decision");
        var json = line.Flag("json");
        line.RejectUnknown();
        RequireLog(path);

        var entries = AuditReader.Read(path).ToList();
        var answers = Answers(entries);
        if (!json)
        {
            AuditTable.WriteHeader(output);
        }

        foreach (var entry in entries)
        {
            if (entry.Decision == AuditDecisions.Answered && decision != AuditDecisions.Answered
                || venue is not null && entry.Venue != venue
                || since is { } from && entry.Time < from
                || decision is not null && entry.Decision != decision)
            {
                continue;
            }

            var answer = answers.GetValueOrDefault(entry.Sequence);
            if (json)
            {
                AuditTable.WriteJson(output, entry, answer);
            }
            else
            {
                AuditTable.WriteRow(output, entry, answer);
            }
        }

        return ExitCodes.Ok;
    }

    /// <summary><c>sidecar audit tail FILE [--lines N] [--follow] [--json]</c>: the last records, one row each, then (with --follow) new ones as they come.</summary>
    public static async Task<int> TailAsync(CommandLine line, TextWriter output, CancellationToken cancellationToken)
    {
        var path = FileArgument(line, "usage: sidecar audit tail FILE [--lines N] [--follow] [--json]");
        var count = line.Optional("lines") is { } n ? ParseCount(n) : 20;
        var follow = line.Flag("follow");
        var json = line.Flag("json");
        line.RejectUnknown();
        RequireLog(path);

        var last = new Queue<AuditEntry>(count + 1);
        foreach (var entry in AuditReader.Read(path))
        {
            last.Enqueue(entry);
            if (last.Count > count)
            {
                last.Dequeue();
            }
        }

        if (!json)
        {
            AuditTable.WriteHeader(output);
        }

        foreach (var entry in last)
        {
            Write(output, entry, json);
        }

        var seen = last.Count > 0 ? last.Last().Sequence : AuditReader.Read(path).LastOrDefault()?.Sequence ?? 0;
        output.Flush();
        while (follow && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            // Re-read the current file (and a file rotated meanwhile): rows past the last one printed.
            foreach (var file in AuditChain.FilesOf(path).TakeLast(2))
            {
                foreach (var text in File.ReadLines(file))
                {
                    if (AuditEntry.Parse(text) is { } entry && entry.Sequence > seen)
                    {
                        Write(output, entry, json);
                        seen = entry.Sequence;
                    }
                }
            }

            output.Flush();
        }

        return ExitCodes.Ok;
    }

    private static void Write(TextWriter output, AuditEntry entry, bool json)
    {
        if (json)
        {
            output.WriteLine(entry.Line);
        }
        else
        {
            AuditTable.WriteRow(output, entry, null);
        }
    }

    // Each intent's answered record, by the intent's sequence number.
    private static Dictionary<long, AuditEntry> Answers(List<AuditEntry> entries)
    {
        var answers = new Dictionary<long, AuditEntry>();
        foreach (var entry in entries)
        {
            if (entry.Decision == AuditDecisions.Answered && entry.Ref is { } reference)
            {
                answers[reference] = entry;
            }
        }

        return answers;
    }

    private static string FileArgument(CommandLine line, string usage) =>
        line.Verbs.Count == 3 ? line.Verbs[2] : throw new UsageException(usage);

    private static void RequireLog(string path)
    {
        if (AuditChain.FilesOf(path).Count == 0)
        {
            throw new IOException($"no audit log at '{path}'");
        }
    }

    private static int ParseCount(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is > 0 and <= 1_000_000
            ? count
            : throw new UsageException($"--lines must be a number from 1 to 1000000 (got '{text}')");

    /// <summary>An ISO 8601 time (UTC unless it says otherwise), or a duration back from now: 30s, 15m, 2h, 7d.</summary>
    internal static DateTimeOffset Since(string text, DateTimeOffset? now = null)
    {
        if (text.Length >= 2 && char.IsAsciiDigit(text[0])
            && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            && text[^1] is 's' or 'm' or 'h' or 'd')
        {
            var span = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
            return (now ?? DateTimeOffset.UtcNow) - span;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new UsageException($"--since '{text}' is neither a time (2026-12-07T18:00:00Z) nor a duration back from now (30s, 15m, 2h, 7d)");
    }
}

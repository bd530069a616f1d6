using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Sidecar.Audit;

/// <summary>
/// <c>sidecar audit verify</c>: checks the chain across the rotated files and the current one, and the signed
/// checkpoints in the log and in <c>{file}.checkpoints</c> against the audit key's public key. It finds an edited,
/// removed or reordered line (the chain), a rewritten chain (a checkpoint's signed head no longer matches), a cut
/// tail (a checkpoint beside the log vouches for records past its end), a missing rotated file (a gap in the file
/// numbers) and a missing log; it names the first bad line. A line torn by a crash mid-write at the very end of the
/// newest file is reported, not counted as tampering: its write never returned, so nothing it described left.
/// </summary>
internal static class AuditVerifier
{
    public static AuditVerdict Verify(string path, CheckpointVerifier? key)
    {
        var files = AuditChain.FilesOf(path);
        var notes = new List<string>();
        var checkpointsPath = AuditCheckpoints.FileOf(path);
        var beside = ReadCheckpointsFile(checkpointsPath, key, out var besideProblem);
        if (besideProblem is { } problem)
        {
            return new AuditVerdict { Files = files.Count, BrokenFile = checkpointsPath, BrokenLine = problem.Line, Reason = problem.Reason, SignaturesChecked = key is not null };
        }

        if (files.Count == 0)
        {
            return new AuditVerdict
            {
                BrokenFile = path,
                Reason = beside.Count > 0
                    ? $"no audit file found, but {Path.GetFileName(checkpointsPath)} vouches for records up to seq {beside[^1].Checkpoint.Sequence}: the log was deleted"
                    : "no audit file found",
                SignaturesChecked = key is not null,
            };
        }

        if (MissingFile(path, files) is { } missing)
        {
            return new AuditVerdict { Files = files.Count, BrokenFile = missing, Reason = "this rotated file is missing: the files on either side of it are there", SignaturesChecked = key is not null };
        }

        var walk = new Walk(key, beside, notes);
        for (var f = 0; f < files.Count; f++)
        {
            if (walk.File(files[f], newest: f == files.Count - 1) is { } broken)
            {
                return broken with { Files = files.Count };
            }
        }

        return walk.Finish(files[^1], checkpointsPath) with { Files = files.Count };
    }

    // Rotated files are numbered 1, 2, 3 … without gaps (older ones may be gone whole, by retention).
    private static string? MissingFile(string path, IReadOnlyList<string> files)
    {
        var previous = -1;
        foreach (var file in files)
        {
            if (file == path)
            {
                break;
            }

            var index = int.Parse(Path.GetFileName(file)[(Path.GetFileName(path).Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
            if (previous >= 0 && index != previous + 1)
            {
                return $"{path}.{previous + 1}";
            }

            previous = index;
        }

        return null;
    }

    private static List<(Checkpoint Checkpoint, long Line)> ReadCheckpointsFile(string path, CheckpointVerifier? key, out (long Line, string Reason)? problem)
    {
        problem = null;
        var checkpoints = new List<(Checkpoint, long)>();
        if (!File.Exists(path))
        {
            return checkpoints;
        }

        var bytes = File.ReadAllBytes(path);
        var lineNumber = 0L;
        foreach (var (start, length, complete) in Lines(bytes))
        {
            lineNumber++;
            Checkpoint? checkpoint = null;
            try
            {
                using var doc = JsonDocument.Parse(bytes.AsMemory(start, length));
                checkpoint = Checkpoint.Parse(doc.RootElement);
            }
            catch (JsonException)
            {
            }

            if (checkpoint is null)
            {
                if (!complete)
                {
                    // Torn by a crash while it was written: that checkpoint never counted.
                    break;
                }

                problem = (lineNumber, "not a checkpoint");
                return checkpoints;
            }

            if (key is not null && !key.Verify(checkpoint))
            {
                problem = (lineNumber, $"the checkpoint's signature does not verify with the public key (keyId {key.KeyId}): it was forged or altered");
                return checkpoints;
            }

            if (checkpoints.Count > 0 && checkpoint.Sequence <= checkpoints[^1].Item1.Sequence)
            {
                problem = (lineNumber, $"checkpoint of seq {checkpoint.Sequence} after one of seq {checkpoints[^1].Item1.Sequence}: the checkpoints were reordered");
                return checkpoints;
            }

            checkpoints.Add((checkpoint, lineNumber));
        }

        return checkpoints;
    }

    /// <summary>The lines of a file: start, length (without the newline), and whether a newline ended it.</summary>
    private static IEnumerable<(int Start, int Length, bool Complete)> Lines(byte[] bytes)
    {
        var start = 0;
        while (start < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0)
            {
                yield return (start, bytes.Length - start, false);
                yield break;
            }

            yield return (start, end - start, true);
            start = end + 1;
        }
    }

    /// <summary>The walk along the chain, file after file.</summary>
    private sealed class Walk(CheckpointVerifier? key, List<(Checkpoint Checkpoint, long Line)> beside, List<string> notes)
    {
        private readonly Dictionary<long, string> _besideBySequence = beside.ToDictionary(c => c.Checkpoint.Sequence, c => c.Checkpoint.Hash);

        // Hashes of the lines since the last checkpoint line: the next checkpoint names one of them.
        private readonly Dictionary<long, (string Hash, string File, long Line)> _recent = [];
        private readonly HashSet<long> _openIntents = [];
        private string _previous = AuditChain.Genesis;
        private long _expected;
        private long _first = -1;
        private long _records;
        private long _torn;
        private int _verified;
        private long _lastVouched;

        public AuditVerdict? File(string file, bool newest)
        {
            var bytes = System.IO.File.ReadAllBytes(file);
            var lineNumber = 0L;
            foreach (var (start, length, complete) in Lines(bytes))
            {
                lineNumber++;
                var line = bytes.AsSpan(start, length);
                if (!complete && newest)
                {
                    // A crash mid-write: the last line never got its newline. Never a record: its write had not returned.
                    _torn = length;
                    break;
                }

                if (Check(file, lineNumber, line) is { } reason)
                {
                    return Broken(file, lineNumber, reason);
                }
            }

            return null;
        }

        private string? Check(string file, long lineNumber, ReadOnlySpan<byte> line)
        {
            long sequence;
            string prev;
            JsonElement root;
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(line.ToArray());
                root = doc.RootElement;
                sequence = root.GetProperty("seq").GetInt64();
                prev = root.GetProperty("prev").GetString() ?? "";
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                return "not a valid audit record";
            }

            using (doc)
            {
                // The oldest kept file may start mid-chain (older files deleted by retention): trust its first link.
                if (_first < 0)
                {
                    _first = sequence;
                    _expected = sequence;
                    if (sequence != 1)
                    {
                        _previous = prev;
                        notes.Add($"the oldest file starts at seq {sequence}: the records before it were removed (retention); its first link is trusted");
                    }
                }

                if (sequence != _expected)
                {
                    return $"sequence {sequence} where {_expected} was expected: a record is missing or out of order";
                }

                if (prev != _previous)
                {
                    return "the previous record's hash does not match: the record before this line was changed, removed or reordered";
                }

                var hash = Convert.ToHexStringLower(SHA256.HashData(line));
                if (_besideBySequence.TryGetValue(sequence, out var vouched))
                {
                    if (vouched != hash)
                    {
                        return $"this record is not the one a checkpoint in {Path.GetFileName(AuditCheckpoints.FileOf(file))} signed for seq {sequence}: the chain up to here was rewritten";
                    }

                    _verified++;
                    _lastVouched = Math.Max(_lastVouched, sequence);
                }

                _recent[sequence] = (hash, file, lineNumber);
                _previous = hash;
                _expected++;
                _records++;
                return Record(root, sequence);
            }
        }

        // What the record itself says: a checkpoint to check, an intent to match with its answer.
        private string? Record(JsonElement root, long sequence)
        {
            var decision = root.TryGetProperty("decision", out var d) ? d.GetString() : null;
            switch (decision)
            {
                case AuditDecisions.Checkpoint:
                    return CheckCheckpoint(root, sequence);
                case AuditDecisions.Answered when root.TryGetProperty("ref", out var reference) && reference.TryGetInt64(out var intent):
                    _openIntents.Remove(intent);
                    break;
                case "signed" or "forwarded" when !IsFrameWithoutId(root):
                    _openIntents.Add(sequence);
                    break;
            }

            return null;
        }

        // A WebSocket frame without an id has no answer the relay can match: it never gets an answered record.
        private static bool IsFrameWithoutId(JsonElement root) =>
            root.TryGetProperty("method", out var method) && method.GetString() == "WS" && !root.TryGetProperty("requestId", out _);

        private string? CheckCheckpoint(JsonElement root, long sequence)
        {
            var checkpoint = root.TryGetProperty("checkpoint", out var element) ? Checkpoint.Parse(element) : null;
            if (checkpoint is null)
            {
                return "a checkpoint record without a valid checkpoint";
            }

            if (key is not null && !key.Verify(checkpoint))
            {
                return $"the checkpoint's signature does not verify with the public key (keyId {key.KeyId}): it was forged or altered";
            }

            if (checkpoint.Sequence >= sequence)
            {
                return $"the checkpoint names seq {checkpoint.Sequence}, which comes after it";
            }

            if (_recent.TryGetValue(checkpoint.Sequence, out var head))
            {
                if (head.Hash != checkpoint.Hash)
                {
                    return $"the checkpoint signed seq {checkpoint.Sequence} ({head.File}:{head.Line}) with another hash: the records from the previous checkpoint up to that line were rewritten";
                }

                _verified++;
                _lastVouched = Math.Max(_lastVouched, checkpoint.Sequence);
            }
            else if (checkpoint.Sequence < _first)
            {
                notes.Add($"a checkpoint of seq {checkpoint.Sequence} covers records in files removed by retention");
            }

            // Every later checkpoint names a record after this one: older hashes are no longer needed.
            var covered = new List<long>();
            foreach (var earlier in _recent.Keys)
            {
                if (earlier < sequence)
                {
                    covered.Add(earlier);
                }
            }

            foreach (var earlier in covered)
            {
                _recent.Remove(earlier);
            }

            return null;
        }

        public AuditVerdict Finish(string newest, string checkpointsPath)
        {
            var last = _expected - 1;
            foreach (var (checkpoint, line) in beside)
            {
                if (checkpoint.Sequence > last)
                {
                    return Broken(newest, 0, $"cut tail: {Path.GetFileName(checkpointsPath)}:{line} vouches for records up to seq {checkpoint.Sequence}, but the log ends at seq {last}: the records after it were removed") with
                    {
                        BrokenFile = newest,
                        BrokenLine = 0,
                    };
                }

                if (checkpoint.Sequence < _first)
                {
                    notes.Add($"{Path.GetFileName(checkpointsPath)}:{line} covers seq {checkpoint.Sequence}, in files removed by retention");
                }
            }

            if (key is not null && _verified == 0)
            {
                return Broken(newest, 0, "no checkpoint vouches for these records: checkpoints are made every Audit:CheckpointIntervalSeconds and at rotation and shutdown; were they removed?");
            }

            return new AuditVerdict
            {
                Records = _records,
                LastSequence = last,
                CheckpointsVerified = _verified,
                LastCheckpointSequence = _lastVouched,
                TornBytes = _torn,
                OpenIntents = _openIntents.Count,
                SignaturesChecked = key is not null,
                Notes = notes,
            };
        }

        private AuditVerdict Broken(string file, long line, string reason) => new()
        {
            Records = _records,
            BrokenFile = file,
            BrokenLine = line,
            Reason = reason,
            SignaturesChecked = key is not null,
            CheckpointsVerified = _verified,
        };
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Sidecar.Audit;

/// <summary>Reading the chain back: where it ends (to continue it) and whether it holds (<c>sidecar audit verify</c>).</summary>
internal static class AuditChain
{
    public static readonly string Genesis = new('0', 64);

    /// <summary>The outcome of a verification: ok, or the first broken link.</summary>
    public sealed record Verdict(bool Ok, long Records, int Files, string? BrokenFile, long BrokenLine, string? Reason);

    /// <summary>Rotated files (oldest first) then the current one: <c>audit.log.1</c>, <c>audit.log.2</c>, …, <c>audit.log</c>.</summary>
    public static IReadOnlyList<string> FilesOf(string path)
    {
        var files = new List<(int, string)>();
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var name = Path.GetFileName(path);
        if (Directory.Exists(directory))
        {
            foreach (var candidate in Directory.EnumerateFiles(directory, name + ".*"))
            {
                var fileName = Path.GetFileName(candidate);
                if (fileName.Length <= name.Length + 1 || fileName[name.Length] != '.')
                {
                    continue;
                }

                var suffix = fileName[(name.Length + 1)..];
                if (int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    files.Add((index, candidate));
                }
            }
        }

        files.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        var result = files.ConvertAll(f => f.Item2);
        if (File.Exists(path))
        {
            result.Add(path);
        }

        return result;
    }

    internal static string NextRotatedName(string path)
    {
        var files = FilesOf(path);
        var highest = 0;
        foreach (var file in files)
        {
            if (file != path && int.TryParse(Path.GetFileName(file)[(Path.GetFileName(path).Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                highest = Math.Max(highest, index);
            }
        }

        return $"{path}.{highest + 1}";
    }

    /// <summary>The hash and sequence number of the last line of the current file (genesis for a new log).</summary>
    internal static (string Hash, long Sequence) Tail(string path)
    {
        var files = FilesOf(path);
        for (var i = files.Count - 1; i >= 0; i--)
        {
            string? last = null;
            foreach (var line in File.ReadLines(files[i]))
            {
                if (line.Length > 0)
                {
                    last = line;
                }
            }

            if (last is not null)
            {
                using var doc = JsonDocument.Parse(last);
                return (Hash(last), doc.RootElement.GetProperty("seq").GetInt64());
            }
        }

        return (Genesis, 0);
    }

    /// <summary>Checks every link of the chain across the rotated files and the current one.</summary>
    public static Verdict Verify(string path)
    {
        var files = FilesOf(path);
        if (files.Count == 0)
        {
            return new Verdict(false, 0, 0, path, 0, "no audit file found");
        }

        var previous = Genesis;
        long expectedSequence = 0;
        long records = 0;
        var first = true;
        foreach (var file in files)
        {
            long lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                long sequence;
                string prev;
                try
                {
                    using var doc = JsonDocument.Parse(line);
                    sequence = doc.RootElement.GetProperty("seq").GetInt64();
                    prev = doc.RootElement.GetProperty("prev").GetString() ?? "";
                }
                catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
                {
                    return new Verdict(false, records, files.Count, file, lineNumber, "not a valid audit record");
                }

                // The oldest kept file may start mid-chain (older files deleted by retention): trust its first link.
                if (first)
                {
                    first = false;
                    previous = prev;
                    expectedSequence = sequence;
                }

                if (sequence != expectedSequence)
                {
                    return new Verdict(false, records, files.Count, file, lineNumber, $"sequence {sequence} where {expectedSequence} was expected: a record is missing or out of order");
                }

                if (prev != previous)
                {
                    return new Verdict(false, records, files.Count, file, lineNumber, "the previous record's hash does not match: the record before this line was changed, removed or reordered");
                }

                previous = Hash(line);
                expectedSequence++;
                records++;
            }
        }

        return new Verdict(true, records, files.Count, null, 0, null);
    }

    private static string Hash(string line) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(line)));
}

using System.Security.Cryptography;
using System.Text.Json;

namespace Sidecar.Audit;

/// <summary>Where the chain ends, to continue it: the last whole line of the newest file that has one.</summary>
internal static class AuditTail
{
    /// <summary>Lines are a few hundred bytes; the tail is read in chunks this big from the end.</summary>
    private const int Chunk = 64 * 1024;

    /// <summary>
    /// The hash and sequence number of the last whole line (genesis for a new log). A current file that ends without
    /// a newline was torn by a crash mid-write: that fragment never counted (its write had not returned, so what it
    /// described never left Sidecar) and is cut, so the next line starts clean; its length is returned.
    /// </summary>
    /// <exception cref="IOException">The last line is not a record: the file was damaged or edited.</exception>
    public static (byte[] Hash, long Sequence, long TornBytes) Resume(string path)
    {
        long torn = 0;
        if (File.Exists(path))
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
            var end = LastNewline(file, RandomAccess.GetLength(file)) + 1;
            torn = RandomAccess.GetLength(file) - end;
            if (torn > 0)
            {
                RandomAccess.SetLength(file, end);
                RandomAccess.FlushToDisk(file);
            }
        }

        var files = AuditChain.FilesOf(path);
        for (var i = files.Count - 1; i >= 0; i--)
        {
            using var file = File.OpenHandle(files[i], FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var length = RandomAccess.GetLength(file);
            var end = LastNewline(file, length);
            if (end < 0)
            {
                continue;
            }

            var start = LastNewline(file, end) + 1;
            var line = new byte[end - start];
            RandomAccess.Read(file, line, start);
            return (SHA256.HashData(line), SequenceOf(line, files[i]), torn);
        }

        return (new byte[32], 0, torn);
    }

    private static long SequenceOf(byte[] line, string file)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.GetProperty("seq").GetInt64();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new IOException($"the last line of the audit log '{file}' is not an audit record, so the chain cannot be continued: check it with `sidecar audit verify`, then move the files away to start a new log");
        }
    }

    // The offset of the last '\n' before `before`, or -1.
    private static long LastNewline(Microsoft.Win32.SafeHandles.SafeFileHandle file, long before)
    {
        var buffer = new byte[(int)Math.Min(Chunk, Math.Max(before, 1))];
        var end = before;
        while (end > 0)
        {
            var start = Math.Max(0, end - buffer.Length);
            var read = RandomAccess.Read(file, buffer.AsSpan(0, (int)(end - start)), start);
            var at = buffer.AsSpan(0, read).LastIndexOf((byte)'\n');
            if (at >= 0)
            {
                return start + at;
            }

            end = start;
        }

        return -1;
    }
}

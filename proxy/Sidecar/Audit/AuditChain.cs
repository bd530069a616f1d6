using System.Globalization;

namespace Sidecar.Audit;

/// <summary>The chain's files: which they are, in order, and the name of the next rotated one.</summary>
internal static class AuditChain
{
    public static readonly string Genesis = new('0', 64);

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

    /// <summary>Checks the chain alone (no public key: checkpoint signatures are not checked).</summary>
    public static AuditVerdict Verify(string path) => AuditVerifier.Verify(path, key: null);
}

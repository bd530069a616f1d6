using System.Text.Json;

namespace Sidecar.Audit;

/// <summary>One record read back from the files, for people (<c>sidecar audit show</c> and <c>tail</c>).</summary>
internal sealed class AuditEntry
{
    private AuditEntry(string line, JsonElement root)
    {
        Line = line;
        Root = root;
        Sequence = root.TryGetProperty("seq", out var seq) && seq.TryGetInt64(out var s) ? s : 0;
        Decision = Text("decision") ?? "";
        Venue = Text("venue");
        Ref = root.TryGetProperty("ref", out var reference) && reference.TryGetInt64(out var r) ? r : null;
        Time = Text("time") is { } time && DateTimeOffset.TryParse(time, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : DateTimeOffset.MinValue;
    }

    /// <summary>The line as written (the bytes the chain hashes).</summary>
    public string Line { get; }

    public JsonElement Root { get; }

    public long Sequence { get; }

    public DateTimeOffset Time { get; }

    public string Decision { get; }

    public string? Venue { get; }

    public long? Ref { get; }

    public string? Text(string name) => Root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public string? Text(string parent, string name) =>
        Root.TryGetProperty(parent, out var inner) && inner.ValueKind == JsonValueKind.Object && inner.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    public string? Number(string name) => Root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetRawText() : null;

    /// <summary>The entry of one line; null when it is not a record (a torn line).</summary>
    public static AuditEntry? Parse(string line)
    {
        try
        {
            // Cloned: the entry outlives the document.
            using var doc = JsonDocument.Parse(line);
            return new AuditEntry(line, doc.RootElement.Clone());
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Reads the records of a log back, oldest first, across its rotated files.</summary>
internal static class AuditReader
{
    /// <summary>Every record of <paramref name="path"/> and its rotated files, oldest first; lines that are not records are skipped.</summary>
    public static IEnumerable<AuditEntry> Read(string path)
    {
        foreach (var file in AuditChain.FilesOf(path))
        {
            foreach (var line in File.ReadLines(file))
            {
                if (AuditEntry.Parse(line) is { } entry)
                {
                    yield return entry;
                }
            }
        }
    }
}

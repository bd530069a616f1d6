using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sidecar.Cli;

/// <summary>
/// Changes one venue's key (and API key) in the configuration file's JSON and replaces the file atomically: a
/// temporary file in the same directory, with the same mode, renamed over the original, so a running sidecar (or
/// an editor) sees either the old file or the new one, never half of one. Everything else in the JSON stays as
/// it was, except comments, which System.Text.Json cannot keep.
/// </summary>
internal sealed class ConfigFileEdit
{
    private static readonly JsonSerializerOptions Output = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private ConfigFileEdit(string target, string text, bool hadComments)
    {
        Target = target;
        Text = text;
        HadComments = hadComments;
    }

    /// <summary>The file written: the configuration path with symbolic links followed.</summary>
    public string Target { get; }

    /// <summary>The new content.</summary>
    public string Text { get; }

    /// <summary>The original had comments, which the new content lacks.</summary>
    public bool HadComments { get; }

    /// <exception cref="UsageException">The venue is not in the file (only in environment variables, say).</exception>
    public static ConfigFileEdit SetVenueKey(string configPath, string venue, string keyLabel, string? apiKey)
    {
        var target = File.ResolveLinkTarget(configPath, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(configPath);
        var original = File.ReadAllText(target);
        var root = JsonNode.Parse(original, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })
            as JsonObject ?? throw new UsageException($"{configPath} does not hold a JSON object");
        var venues = Property(root, "Venues") as JsonObject;
        var entry = venues is null ? null : Property(venues, venue) as JsonObject
            ?? throw new UsageException($"venue '{venue}' is not written in {configPath} (set through environment variables?); edit its Key by hand");
        if (entry is null)
        {
            throw new UsageException($"{configPath} has no Venues section");
        }

        Set(entry, "Key", keyLabel);
        if (apiKey is not null)
        {
            Set(entry, "ApiKey", apiKey);
        }

        var text = root.ToJsonString(Output);
        if (original.EndsWith('\n'))
        {
            text += "\n";
        }

        return new ConfigFileEdit(target, text, HasComments(original));
    }

    /// <summary>Writes the new content beside the target, as a temporary file with the target's mode.</summary>
    public string WriteTemporary()
    {
        // Not dot-prefixed: the configuration loader's file provider ignores hidden files, and this one is validated.
        var temp = Path.Combine(Path.GetDirectoryName(Target)!, $"{Path.GetFileName(Target)}.rotate-{Environment.ProcessId}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created with the original's mode, so the content is never readable by more users than before.
            options.UnixCreateMode = File.GetUnixFileMode(Target);
        }

        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(Text);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        if (!OperatingSystem.IsWindows())
        {
            // The umask may have narrowed the create mode.
            File.SetUnixFileMode(temp, File.GetUnixFileMode(Target));
        }

        return temp;
    }

    /// <summary>Renames the temporary file over the target: one atomic step on the same file system.</summary>
    public void Commit(string temporary) => File.Move(temporary, Target, overwrite: true);

    // Configuration keys are case-insensitive: find "venues" as well as "Venues"; an exact match wins.
    private static JsonNode? Property(JsonObject obj, string name)
    {
        if (obj.TryGetPropertyValue(name, out var exact))
        {
            return exact;
        }

        foreach (var (key, value) in obj)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    private static void Set(JsonObject obj, string name, string value)
    {
        foreach (var (key, _) in obj)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                obj[key] = value;
                return;
            }
        }

        obj[name] = value;
    }

    private static bool HasComments(string json)
    {
        try
        {
            using var _ = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true });
            return false;
        }
        catch (JsonException)
        {
            return true;
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.Cli;

namespace Sidecar.Tests.Doctor;

/// <summary>Runs <c>sidecar doctor --config FILE --json</c> in-process and reads the stable JSON document.</summary>
internal sealed record DoctorRun(int ExitCode, JsonElement Document, string Output)
{
    public static async Task<DoctorRun> RunAsync(JsonObject config, bool json = true)
    {
        var dir = Directory.CreateTempSubdirectory("sidecar-doctor-").FullName;
        try
        {
            var path = Path.Combine(dir, "sidecar.json");
            await File.WriteAllTextAsync(path, config.ToJsonString());
            var args = json ? new[] { "doctor", "--config", path, "--json" } : ["doctor", "--config", path];
            using var output = new StringWriter();
            var exit = await DoctorCommand.RunAsync(CommandLine.Parse(args, new HashSet<string> { "json" }), output);
            var text = output.ToString();
            var document = json ? JsonDocument.Parse(text).RootElement.Clone() : default;
            return new DoctorRun(exit, document, text);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The status of one check ("pass", "warn", "fail", "unknown"); null when the report has no such line.</summary>
    public string? Status(string check, string? venue)
    {
        foreach (var line in Document.GetProperty("checks").EnumerateArray())
        {
            if (line.GetProperty("check").GetString() == check && line.GetProperty("venue").GetString() == venue)
            {
                return line.GetProperty("status").GetString();
            }
        }

        return null;
    }

    public string Reason(string check, string? venue)
    {
        foreach (var line in Document.GetProperty("checks").EnumerateArray())
        {
            if (line.GetProperty("check").GetString() == check && line.GetProperty("venue").GetString() == venue)
            {
                return line.GetProperty("reason").GetString()!;
            }
        }

        return "";
    }

    /// <summary>Every line of one check, as (status, reason), in report order (a check may have a line per HSM).</summary>
    public IReadOnlyList<(string Status, string Reason)> Lines(string check)
    {
        var lines = new List<(string, string)>();
        foreach (var line in Document.GetProperty("checks").EnumerateArray())
        {
            if (line.GetProperty("check").GetString() == check)
            {
                lines.Add((line.GetProperty("status").GetString()!, line.GetProperty("reason").GetString()!));
            }
        }

        return lines;
    }

    public override string ToString() => Output;
}

using System.Text.Json;
using Sidecar.Configuration;
using Sidecar.Doctor;

namespace Sidecar.Cli;

/// <summary>
/// <c>sidecar doctor --config FILE [--json]</c>: the go-live checklist, checked for real. Exit 0 when nothing
/// failed (warnings allowed), 1 when a check failed, 2 for a usage or configuration error.
/// </summary>
internal static class DoctorCommand
{
    public static async Task<int> RunAsync(CommandLine line, TextWriter output)
    {
        var configPath = line.Required("config");
        var json = line.Flag("json");
        line.RejectUnknown();
        var options = ConfigLoader.Load(configPath, out var file);
        var config = ConfigValidator.Validate(options, file);
        using var session = DoctorSession.Open(config);
        var report = await new PostureDoctor().RunAsync(session.Context, CancellationToken.None);
        if (json)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                report.WriteJson(writer);
            }

            output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        }
        else
        {
            report.WriteTable(output);
        }

        return report.HasFailures ? ExitCodes.Failure : ExitCodes.Ok;
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Sidecar.Tests.Infrastructure;

/// <summary>Runs a ccxt bot script from tests/ccxt (npm ccxt pinned there) and collects its JSON lines.</summary>
public static class CcxtBot
{
    public static string Directory { get; } = Path.Combine(RepoPaths.Root, "tests", "ccxt");

    public sealed record Result(int ExitCode, IReadOnlyList<string> Lines)
    {
        public IReadOnlyList<string> Steps => [.. Lines.Select(TryStep).OfType<string>()];

        /// <summary>The JSON line the bot printed for step <paramref name="name"/> (what it returned), or null.</summary>
        public JsonNode? Step(string name) => Lines.Where(line => TryStep(line) == name).Select(line => JsonNode.Parse(line)).FirstOrDefault();

        public override string ToString() => $"exit {ExitCode}:\n" + string.Join('\n', Lines);

        private static string? TryStep(string line)
        {
            try
            {
                return JsonNode.Parse(line)?["step"]?.GetValue<string>();
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }
    }

    /// <summary>Fails (never skips) when the pinned ccxt is not installed: the README's test command installs it.</summary>
    public static void EnsureInstalled()
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "ccxt")))
        {
            throw new InvalidOperationException("tests/ccxt/node_modules is missing: run `npm ci` in tests/ccxt (the README's test command does).");
        }
    }

    /// <param name="script">File name in tests/ccxt, e.g. "bot.mjs".</param>
    /// <param name="environment">Configuration for the bot; secrets only ever go here, never in argv.</param>
    public static async Task<Result> RunAsync(string script, IReadOnlyDictionary<string, string> environment)
    {
        EnsureInstalled();
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(script);
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var bot = Process.Start(info)!;
        var stderr = bot.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        while (await bot.StandardOutput.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await bot.WaitForExitAsync(cts.Token);
        var errors = await stderr;
        if (errors.Length > 0)
        {
            lines.Add("stderr: " + errors);
        }

        return new Result(bot.ExitCode, lines);
    }
}

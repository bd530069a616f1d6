using System.Reflection;
using Sidecar.Cli;
using Sidecar.Configuration;
using Sidecar.Pkcs11;

namespace Sidecar;

internal static class Program
{
    private static readonly HashSet<string> Flags = ["json", "replace", "help", "version", "follow"];

    /// <summary>"sidecar 1.2.3" from the informational version (the build's version, with any source revision).</summary>
    private static string Version =>
        "sidecar " + (typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(Program).Assembly.GetName().Version?.ToString() ?? "unknown");

    public static async Task<int> Main(string[] args)
    {
        try
        {
            var line = CommandLine.Parse(args, Flags);
            if (line.Flag("version") && !line.Flag("help"))
            {
                Console.Out.WriteLine(Version);
                return ExitCodes.Ok;
            }

            if (line.Flag("help") || line.Verbs.Count == 0)
            {
                Console.Out.WriteLine(Usage.Text);
                return line.Verbs.Count == 0 && !line.Flag("help") ? ExitCodes.UsageOrConfig : ExitCodes.Ok;
            }

            if (line.Verbs.Count > (line.Verbs[0] == "audit" ? 3 : line.Verbs[0] is "run" or "doctor" ? 1 : 2))
            {
                throw new UsageException($"unexpected argument '{line.Verbs[^1]}'; see `sidecar --help`");
            }

            // Two-word commands; the audit commands take their file as a third word.
            return (line.Verbs.Count >= 2 ? line.Verbs[0] + " " + line.Verbs[1] : line.Verbs[0]) switch
            {
                "run" => await RunCommand.RunAsync(line),
                "doctor" => await DoctorCommand.RunAsync(line, Console.Out),
                "keys import" => KeysCommands.Import(line, Console.Out),
                "keys list" => KeysCommands.List(line, Console.Out),
                "keys generate" => KeysCommands.Generate(line, Console.Out),
                "keys public" => KeysCommands.Public(line, Console.Out),
                "keys delete" => KeysCommands.Delete(line, Console.Out),
                "keys rotate" => KeysRotateCommand.Run(line, Console.Out),
                "hsm init-token" => HsmCommands.InitToken(line, Console.Out),
                "audit verify" => AuditCommands.Verify(line, Console.Out, Console.Error),
                "audit show" => AuditCommands.Show(line, Console.Out),
                "audit tail" => await AuditCommands.TailAsync(line, Console.Out, CancelOnCtrlC()),
                var other => throw new UsageException($"unknown command '{other}'; see `sidecar --help`"),
            };
        }
        catch (UsageException ex)
        {
            return Fail(ExitCodes.UsageOrConfig, ex.Message);
        }
        catch (ConfigException ex)
        {
            return Fail(ExitCodes.UsageOrConfig, ex.Errors.Count == 1
                ? "config: " + ex.Errors[0]
                : $"config: {ex.Errors.Count} errors: " + string.Join("; ", ex.Errors.Select((e, i) => $"({i + 1}) {e}")));
        }
        catch (HsmKeyException ex)
        {
            return Fail(ExitCodes.UsageOrConfig, ex.Message);
        }
        catch (HsmException ex)
        {
            return Fail(ExitCodes.Failure, "hsm: " + ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException or PlatformNotSupportedException)
        {
            return Fail(ExitCodes.Failure, ex.Message);
        }
    }

    // Ctrl-C ends `audit tail --follow` with exit 0, as tail -f's users expect.
    private static CancellationToken CancelOnCtrlC()
    {
        var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return cancel.Token;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine("sidecar: error: " + message.ReplaceLineEndings(" "));
        return code;
    }
}

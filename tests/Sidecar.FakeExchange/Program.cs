using System.Runtime.InteropServices;
using Sidecar.FakeExchange.Binance;

namespace Sidecar.FakeExchange;

/// <summary>
/// Standalone fake Binance for the demo: <c>dotnet Sidecar.FakeExchange.dll [--port N]</c>. The API key (line 1) and
/// the secret (line 2) are read from standard input, never from the command line or the environment. Prints
/// <c>fake-binance listening on http://127.0.0.1:PORT</c> when ready, one line per request, and runs until SIGTERM
/// or Ctrl-C.
/// </summary>
internal static class Program
{
    private const int UsageError = 2;

    public static async Task<int> Main(string[] args)
    {
        if (!TryParsePort(args, out var port))
        {
            await Console.Error.WriteLineAsync("usage: Sidecar.FakeExchange [--port N]   (API key on stdin line 1, secret on line 2)");
            return UsageError;
        }

        var apiKey = (await Console.In.ReadLineAsync())?.TrimEnd('\r');
        var secret = (await Console.In.ReadLineAsync())?.TrimEnd('\r');
        if (string.IsNullOrEmpty(apiKey) || string.IsNullOrEmpty(secret))
        {
            await Console.Error.WriteLineAsync("fake-binance: expected the API key on stdin line 1 and the secret on line 2");
            return UsageError;
        }

        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

        await using var fake = await FakeBinance.StartAsync(new FakeBinanceOptions
        {
            ApiKey = apiKey,
            Secret = Encoding.UTF8.GetBytes(secret),
            Port = port,
            LogToConsole = true,
        });

        Console.Out.WriteLine($"fake-binance listening on {fake.BaseAddress.GetLeftPart(UriPartial.Authority)}");
        Console.Out.Flush();
        await stopped.Task;
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopped.TrySetResult();
        }
    }

    private static bool TryParsePort(string[] args, out int port)
    {
        port = 0;
        return args.Length switch
        {
            0 => true,
            2 when args[0] == "--port" => int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535,
            _ => false,
        };
    }
}

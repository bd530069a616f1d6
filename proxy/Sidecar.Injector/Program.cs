using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Sidecar.Injector.Hosting;

namespace Sidecar.Injector;

/// <summary>
/// <c>sidecar-injector [--config injector.json]</c>: the mutating admission webhook. Options come from the file's
/// <c>Injector</c> section, then <c>Injector__*</c> environment variables.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        string? configFile = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--config" && i + 1 < args.Length)
            {
                configFile = args[++i];
            }
            else
            {
                await Console.Error.WriteLineAsync($"sidecar-injector: unexpected argument '{args[i]}'; usage: sidecar-injector [--config injector.json]");
                return 2;
            }
        }

        var options = new InjectorOptions();
        try
        {
            var configuration = new ConfigurationBuilder();
            if (configFile is not null)
            {
                configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
            }

            configuration.AddEnvironmentVariables();
            configuration.Build().GetSection(InjectorOptions.Section).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or FormatException)
        {
            // Unknown keys fail instead of being ignored, like Sidecar's own configuration.
            return await FailAsync(ex.Message);
        }

        var problems = options.Validate();
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync("sidecar-injector: " + problem);
            }

            return 2;
        }

        WebApplication app;
        try
        {
            app = InjectorHost.Build(options);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or CryptographicException)
        {
            return await FailAsync(ex.Message);
        }

        await using (app)
        {
            await app.RunAsync();
        }

        return 0;
    }

    private static async Task<int> FailAsync(string message)
    {
        await Console.Error.WriteLineAsync("sidecar-injector: " + message);
        return 2;
    }
}

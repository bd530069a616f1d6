using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Sidecar.Configuration;

/// <summary>Reads the JSON file, overlays <c>SIDECAR_</c> environment variables, and binds the options.</summary>
internal static class ConfigLoader
{
    /// <summary>Environment variables with this prefix override the file, ASP.NET Core style: <c>SIDECAR_Venues__binance__ApiKey</c>.</summary>
    public const string EnvironmentPrefix = "SIDECAR_";

    public static SidecarOptions Load(string path, out IConfiguration fileOnly)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException([$"config file '{path}' does not exist"]);
        }

        var fullPath = Path.GetFullPath(path);
        try
        {
            fileOnly = new ConfigurationBuilder().AddJsonFile(fullPath, optional: false, reloadOnChange: false).Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or FormatException)
        {
            throw new ConfigException([$"config file '{path}' is not valid JSON: {ex.GetBaseException().Message}"]);
        }

        var merged = new ConfigurationBuilder()
            .AddConfiguration(fileOnly)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .Build();
        return Bind(merged);
    }

    public static SidecarOptions Bind(IConfiguration configuration)
    {
        var options = new SidecarOptions();
        try
        {
            configuration.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The binder throws on the first value it cannot convert ("abc" for an int) and names the key.
            throw new ConfigException([ex.Message]);
        }

        return options;
    }
}

using System.Text;

namespace Sidecar.Configuration;

/// <summary>
/// Where the HSM user PIN comes from: <c>Hsm:PinFile</c> (first line) or the <c>SIDECAR_HSM_PIN</c> environment
/// variable — never the JSON file, never the command line. The PIN is read only when logging in, into a byte
/// array the caller zeroes.
/// </summary>
public sealed record PinSource(string? File, bool FromEnvironment)
{
    public string Describe() => File is not null ? $"file '{File}'" : $"environment variable {Configuration.OptionsDefaults.PinEnvironmentVariable}";

    public byte[] Read()
    {
        string? text;
        if (File is not null)
        {
            using var reader = new StreamReader(File, Encoding.UTF8);
            text = reader.ReadLine();
        }
        else
        {
            text = Environment.GetEnvironmentVariable(OptionsDefaults.PinEnvironmentVariable);
        }

        if (string.IsNullOrEmpty(text))
        {
            throw new ConfigException([$"the HSM PIN from {Describe()} is empty"]);
        }

        return Encoding.UTF8.GetBytes(text.TrimEnd('\r'));
    }
}

using System.Text;

namespace Sidecar.Configuration;

/// <summary>
/// Where the HSM user PIN comes from: <c>Hsm:PinFile</c> (first line) or the <c>SIDECAR_HSM_PIN</c> environment
/// variable — never the JSON file, never the command line. The PIN is read only when logging in, into a byte
/// array the caller zeroes.
/// </summary>
internal sealed record PinSource(string? File, bool FromEnvironment)
{
    /// <summary>The environment variable a PIN is read from when no <c>PinFile</c> is set.</summary>
    public const string EnvironmentVariable = "SIDECAR_HSM_PIN";

    public string Describe() => File is not null ? $"file '{File}'" : $"environment variable {EnvironmentVariable}";

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
            text = Environment.GetEnvironmentVariable(EnvironmentVariable);
        }

        if (string.IsNullOrEmpty(text))
        {
            throw new ConfigException([$"the HSM PIN from {Describe()} is empty"]);
        }

        return Encoding.UTF8.GetBytes(text.TrimEnd('\r'));
    }
}

namespace Sidecar.Doctor.Checks;

/// <summary>
/// No secret in the configuration: where a label or a path is expected (key and passphrase labels, the token
/// label, the PIN file's path), a value that looks like a secret is a failure. The report names the setting, never
/// the value.
/// </summary>
internal sealed class ConfigSecretsCheck : IPostureCheck
{
    public IEnumerable<CheckResult> Run(DoctorContext context)
    {
        var config = context.Config;
        var suspicious = new List<string>();
        Inspect(suspicious, "Hsm:Token", config.Hsm.TokenLabel);
        Inspect(suspicious, "Hsm:PinFile", config.Pin.File is null ? null : Path.GetFileName(config.Pin.File));
        foreach (var venue in config.Venues)
        {
            Inspect(suspicious, $"Venues:{venue.Name}:Key", venue.KeyLabel);
            Inspect(suspicious, $"Venues:{venue.Name}:Passphrase", venue.PassphraseLabel);
        }

        yield return suspicious.Count == 0
            ? CheckResult.Pass("config.secrets", null, "labels and paths look like labels and paths, not secrets")
            : new CheckResult("config.secrets", null, CheckStatus.Fail,
                $"{string.Join(", ", suspicious)} {(suspicious.Count == 1 ? "holds a value that looks" : "hold values that look")} like a secret (long hex, base64 or PEM) where a label is expected",
                "import the secret into the token (sidecar keys import), name it with a plain label, and remove the value from the config file and its history");
    }

    private static void Inspect(List<string> suspicious, string setting, string? value)
    {
        if (SecretLooking.Matches(value))
        {
            suspicious.Add(setting);
        }
    }
}

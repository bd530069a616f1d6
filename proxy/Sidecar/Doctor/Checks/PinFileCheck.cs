namespace Sidecar.Doctor.Checks;

/// <summary>The PIN file is readable by its owner only (0600 or 0400); a PIN in the environment is a weaker place.</summary>
internal sealed class PinFileCheck : IPostureCheck
{
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public IEnumerable<CheckResult> Run(DoctorContext context)
    {
        var file = context.Config.Pin.File;
        if (file is null)
        {
            yield return CheckResult.Weak("config.pin-file", null, context.Strict,
                $"the PIN comes from {Configuration.PinSource.EnvironmentVariable}, readable in /proc/<pid>/environ by the same user and inherited by child processes",
                "put the PIN in a file readable only by Sidecar's user (chmod 0400) and set Hsm:PinFile");
            yield break;
        }

        if (OperatingSystem.IsWindows())
        {
            yield return new CheckResult("config.pin-file", null, CheckStatus.Unknown, "file modes are not checked on Windows");
            yield break;
        }

        UnixFileMode mode;
        try
        {
            mode = File.GetUnixFileMode(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        var octal = Convert.ToString((int)mode, 8).PadLeft(4, '0');
        yield return (mode & GroupOrOther) == 0
            ? CheckResult.Pass("config.pin-file", null, $"Hsm:PinFile is readable by its owner only (mode {octal})")
            : new CheckResult("config.pin-file", null, CheckStatus.Fail, $"Hsm:PinFile is accessible to group or others (mode {octal})",
                $"chmod 0400 '{file}' (or 0600), owned by the user that runs Sidecar");
    }
}

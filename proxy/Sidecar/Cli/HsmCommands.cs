using System.Security.Cryptography;
using Sidecar.Pkcs11;

namespace Sidecar.Cli;

/// <summary><c>sidecar hsm init-token</c>: development tokens without PINs on the command line.</summary>
internal static class HsmCommands
{
    public static int InitToken(CommandLine line, TextWriter output)
    {
        var module = line.Required("module");
        var token = line.Required("token");
        line.RejectUnknown();
        if (!File.Exists(module))
        {
            throw new UsageException($"--module '{module}' does not exist");
        }

        var input = SecretInput.Read("SO PIN, newline, user PIN: ");
        try
        {
            var text = input.AsSpan();
            var newline = text.IndexOf((byte)'\n');
            if (newline < 0)
            {
                throw new UsageException("standard input must hold two lines: the SO PIN, then the user PIN");
            }

            var soPin = text[..newline].TrimEnd((byte)'\r');
            var userPin = text[(newline + 1)..].TrimEnd("\r\n"u8);
            if (soPin.Length < 4 || userPin.Length < 4)
            {
                throw new UsageException("PINs must be at least 4 characters");
            }

            var created = TokenInitializer.InitializeIfMissing(module, token, soPin, userPin);
            output.WriteLine(created ? $"initialised token '{token}'" : $"token '{token}' already exists; left as it is");
            return ExitCodes.Ok;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }
}

using System.Security.Cryptography;

namespace Sidecar.Cli;

/// <summary>
/// Reads a secret from standard input — never argv, never the environment. From a terminal it reads without
/// echo; from a pipe it reads everything and drops one trailing line break.
/// </summary>
internal static class SecretInput
{
    private const int MaxBytes = 16 * 1024;

    /// <param name="multiline">From a terminal, read until an empty line (PEM) instead of the first Enter.</param>
    public static byte[] Read(string prompt, bool multiline = false)
    {
        return Console.IsInputRedirected ? ReadPipe() : ReadTerminal(prompt, multiline);
    }

    private static byte[] ReadPipe()
    {
        using var stdin = Console.OpenStandardInput();
        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while ((read = stdin.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
            if (length > MaxBytes)
            {
                CryptographicOperations.ZeroMemory(buffer);
                throw new UsageException($"standard input is longer than {MaxBytes} bytes; expected one secret");
            }
        }

        if (length > 0 && buffer[length - 1] == '\n')
        {
            length--;
            if (length > 0 && buffer[length - 1] == '\r')
            {
                length--;
            }
        }

        var secret = buffer.AsSpan(0, length).ToArray();
        CryptographicOperations.ZeroMemory(buffer);
        return secret;
    }

    private static byte[] ReadTerminal(string prompt, bool multiline)
    {
        Console.Error.Write(prompt);
        var chars = new char[MaxBytes];
        var length = 0;
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                if (!multiline || length == 0 || chars[length - 1] == '\n')
                {
                    break;
                }

                chars[length++] = '\n';
                continue;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                length = Math.Max(0, length - 1);
                continue;
            }

            if (length < chars.Length && key.KeyChar != '\0')
            {
                chars[length++] = key.KeyChar;
            }
        }

        Console.Error.WriteLine();
        var bytes = System.Text.Encoding.UTF8.GetBytes(chars, 0, length);
        Array.Clear(chars);
        return bytes;
    }
}

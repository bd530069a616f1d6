namespace Sidecar.Doctor.Checks;

/// <summary>
/// Whether a value where a label or path is expected looks like a secret instead: PEM, a long hex string (an HMAC
/// secret or a private key), or a long high-entropy base64 string. Labels people write ("binance-main",
/// "okx-pass-2026") are short, lower-case words and dates, and never match.
/// </summary>
internal static partial class SecretLooking
{
    public static bool Matches(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        if (value.Contains("-----BEGIN", StringComparison.Ordinal) || value.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            return true;
        }

        var token = value.Trim();

        // NAME=VALUE is two words: base64 has '=' only as trailing padding. Judged as one, a setting the doctor
        // advises (DOTNET_EnableDiagnostics=0) looked like a secret and was redacted out of its own fix.
        var equals = token.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0 && token.AsSpan(equals).TrimStart('=').Length > 0)
        {
            return Matches(token[..equals]) || Matches(token[(equals + 1)..]);
        }

        return IsHex(token) && token.Length >= 32 || IsBase64Like(token) && token.Length >= 24 && HasMixedClasses(token) && Entropy(token) >= 4.0;
    }

    /// <summary>
    /// The text with every secret-looking word replaced: a secret pasted where a label belongs would otherwise be
    /// echoed by every check that names the label.
    /// </summary>
    public static string Redact(string text) =>
        Words().Replace(text, match => Matches(match.Value) ? "[redacted]" : match.Value);

    [System.Text.RegularExpressions.GeneratedRegex("[A-Za-z0-9+/=_-]{24,}")]
    private static partial System.Text.RegularExpressions.Regex Words();

    private static bool IsHex(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBase64Like(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '+' and not '/' and not '=' and not '-' and not '_')
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasMixedClasses(string value)
    {
        bool upper = false, lower = false, digit = false;
        foreach (var c in value)
        {
            upper |= char.IsAsciiLetterUpper(c);
            lower |= char.IsAsciiLetterLower(c);
            digit |= char.IsAsciiDigit(c);
        }

        return upper && lower && digit;
    }

    /// <summary>Shannon entropy in bits per character.</summary>
    private static double Entropy(string value)
    {
        Span<int> counts = stackalloc int[128];
        foreach (var c in value)
        {
            counts[c & 127]++;
        }

        var entropy = 0.0;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = (double)count / value.Length;
                entropy -= p * Math.Log2(p);
            }
        }

        return entropy;
    }
}

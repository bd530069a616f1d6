namespace Sidecar.Injector;

/// <summary>The syntax checks for values the injector copies from annotations into the pod spec.</summary>
internal static class Names
{
    /// <summary>RFC 1123 subdomain: what Kubernetes accepts as a ConfigMap or Secret name.</summary>
    public static bool IsDnsSubdomain(string? value) =>
        value is { Length: > 0 and <= 253 }
        && (char.IsAsciiLetterLower(value[0]) || char.IsAsciiDigit(value[0]))
        && (char.IsAsciiLetterLower(value[^1]) || char.IsAsciiDigit(value[^1]))
        && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.');

    /// <summary>A POSIX-portable environment variable name.</summary>
    public static bool IsEnvVarName(string? value) =>
        value is { Length: > 0 and <= 128 }
        && (char.IsAsciiLetter(value[0]) || value[0] == '_')
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>A venue name as it appears in the first path segment: letters, digits, '.', '-', '_', not starting with '.'.</summary>
    public static bool IsVenue(string? value) =>
        value is { Length: > 0 and <= 63 }
        && value[0] != '.'
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>A PKCS#11 token label that is safe inside a <c>pkcs11:token=</c> URI without escaping.</summary>
    public static bool IsTokenLabel(string? value) =>
        value is { Length: > 0 and <= 32 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>An absolute, normalised path to a shared object: no '..', no '//', ends in .so (optionally versioned).</summary>
    public static bool IsModulePath(string? value) =>
        value is { Length: > 1 and <= 256 }
        && value[0] == '/'
        && !value.Contains("/../", StringComparison.Ordinal) && !value.Contains("/./", StringComparison.Ordinal)
        && !value.Contains("//", StringComparison.Ordinal)
        && (value.EndsWith(".so", StringComparison.Ordinal) || value.Contains(".so.", StringComparison.Ordinal))
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '+');
}

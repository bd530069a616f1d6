namespace Sidecar.Injector;

/// <summary>
/// An image reference split as the container runtime reads it: <c>repository[:tag][@digest]</c>, where a colon
/// before the last slash belongs to a registry port, not a tag.
/// </summary>
internal sealed record ImageReference(string Repository, string? Tag, string? Digest)
{
    public static ImageReference Parse(string image)
    {
        string? digest = null;
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = image[(at + 1)..];
            image = image[..at];
        }

        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/')
            ? new ImageReference(image[..colon], image[(colon + 1)..], digest)
            : new ImageReference(image, null, digest);
    }

    /// <summary>
    /// True when the image names exactly an allowed repository, or lies under an allowed prefix ending in '/'.
    /// <c>ghcr.io/example/sidecar-evil</c> is not under <c>ghcr.io/example/sidecar</c>.
    /// </summary>
    public static bool IsAllowed(string image, IEnumerable<string> allowed)
    {
        if (!IsWellFormed(image))
        {
            return false;
        }

        var repository = Parse(image).Repository;
        return allowed.Any(entry => entry.EndsWith('/')
            ? repository.StartsWith(entry, StringComparison.Ordinal) && repository.Length > entry.Length
            : string.Equals(repository, entry, StringComparison.Ordinal));
    }

    /// <summary>Lower-case registry/path characters, no whitespace, no path tricks.</summary>
    public static bool IsWellFormed(string image)
    {
        if (image.Length is 0 or > 512 || image.Contains("..", StringComparison.Ordinal) || image.Contains("//", StringComparison.Ordinal))
        {
            return false;
        }

        var reference = Parse(image);
        return reference.Repository.Length > 0
            && reference.Repository.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-' or '_' or '/' or ':')
            && (reference.Tag is null || reference.Tag.Length is > 0 and <= 128 && reference.Tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            && (reference.Digest is null || reference.Digest.StartsWith("sha256:", StringComparison.Ordinal) && reference.Digest.Length == 71
                && reference.Digest[7..].All(char.IsAsciiHexDigitLower));
    }
}

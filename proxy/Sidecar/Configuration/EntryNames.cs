namespace Sidecar.Configuration;

/// <summary>
/// The names of <c>Venues</c> and <c>Hsms</c> entries: a venue's name is the first path segment of the proxy URL,
/// and both appear in metrics labels, audit records and log lines, so they are kept to URL- and label-safe
/// characters.
/// </summary>
internal static class EntryNames
{
    public const int MaxLength = 64;

    /// <summary>Letters, digits, '-' and '_', 1 to <see cref="MaxLength"/> characters.</summary>
    public static bool IsValid(string name)
    {
        if (name.Length is 0 or > MaxLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}

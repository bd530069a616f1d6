namespace Sidecar.Hosting;

internal static class FileNames
{
    /// <summary>A label made safe as a file name: letters, digits, '-', '_' and '.' kept, anything else '_'.</summary>
    public static string Safe(string label) => string.Create(label.Length, label, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            span[i] = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_';
        }
    });
}

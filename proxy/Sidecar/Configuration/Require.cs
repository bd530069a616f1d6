using System.Globalization;

namespace Sidecar.Configuration;

/// <summary>
/// Range checks that report in one form, "{setting} must be between {min} and {max} (got {value})", so each range
/// is written once (a named constant in the section's <c>…OptionsDefaults</c>) and used by both the check and the
/// message. Numbers are formatted invariantly: the message is the same on every host.
/// </summary>
internal static class Require
{
    public static void Between(List<string> errors, string setting, long value, long min, long max, string? why = null)
    {
        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{setting} must be between {min} and {max} (got {value}){Reason(why)}"));
        }
    }

    /// <summary>As the integer form; NaN is outside every range.</summary>
    public static void Between(List<string> errors, string setting, double value, double min, double max, string? why = null)
    {
        if (!(value >= min && value <= max))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{setting} must be between {min} and {max} (got {value}){Reason(why)}"));
        }
    }

    public static void AtLeast(List<string> errors, string setting, long value, long min)
    {
        if (value < min)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{setting} must be at least {min} (got {value})"));
        }
    }

    private static string Reason(string? why) => why is null ? "" : ": " + why;
}

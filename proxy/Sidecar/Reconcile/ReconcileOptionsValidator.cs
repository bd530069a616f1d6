using System.Globalization;

namespace Sidecar.Reconcile;

/// <summary>Checks a venue's <c>Reconcile</c> section, adding every problem to the list the validator reports at once.</summary>
internal static class ReconcileOptionsValidator
{
    public static void Validate(string prefix, ReconcileOptions options, List<string> errors)
    {
        var interval = options.IntervalSeconds;
        if (interval != ReconcileOptionsDefaults.Off && (interval < ReconcileOptionsDefaults.MinIntervalSeconds || interval > ReconcileOptionsDefaults.MaxIntervalSeconds))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{prefix}:{nameof(ReconcileOptions.IntervalSeconds)} must be {ReconcileOptionsDefaults.Off} (off) or between {ReconcileOptionsDefaults.MinIntervalSeconds} and {ReconcileOptionsDefaults.MaxIntervalSeconds} (got {interval})"));
        }

        var idPrefix = options.ClientOrderIdPrefix;
        if (string.IsNullOrEmpty(idPrefix) || idPrefix.Length > ReconcileOptionsDefaults.MaxPrefixLength || !IsIdText(idPrefix))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{prefix}:{nameof(ReconcileOptions.ClientOrderIdPrefix)} '{idPrefix}' must be 1 to {ReconcileOptionsDefaults.MaxPrefixLength} of the characters every exchange takes in a client order id: letters, digits, '.', '_' and '-'"));
        }
    }

    private static bool IsIdText(string text)
    {
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}

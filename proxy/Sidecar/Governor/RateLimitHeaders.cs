using System.Globalization;
using System.Net.Http.Headers;
using Sidecar.Signing.RateLimits;

namespace Sidecar.Governor;

/// <summary>Reads the exchange's rate-limit headers of one answer into the values <see cref="WeightGovernor.Observe"/> takes.</summary>
internal static class RateLimitHeaders
{
    /// <summary>Gives the exchange's rate-limit headers of an answer Sidecar read itself (not forwarded) to <paramref name="governor"/>.</summary>
    public static void Observe(WeightGovernor? governor, in Admission admission, HttpResponseMessage response)
    {
        if (governor is null)
        {
            return;
        }

        Span<long> values = stackalloc long[GovernorDefaults.MaxHeaders];
        values.Fill(-1);
        var seen = false;
        foreach (var header in response.Headers.NonValidated)
        {
            seen |= TryRead(governor.Limits, header.Key, header.Value, values);
        }

        if (seen)
        {
            governor.Observe(admission, values);
        }
    }

    /// <summary>
    /// When <paramref name="name"/> is one of <paramref name="limits"/>' headers and its value an integer (or a
    /// decimal, whose integer part is taken), writes it at the header's index of <paramref name="values"/>.
    /// </summary>
    public static bool TryRead(RateLimitSet limits, string name, HeaderStringValues value, Span<long> values)
    {
        var index = limits.HeaderIndex(name);
        if (index < 0 || index >= values.Length)
        {
            return false;
        }

        foreach (var text in value)
        {
            if (TryParse(text, out var number))
            {
                values[index] = number;
                return true;
            }
        }

        return false;
    }

    /// <summary>A non-negative integer, or the integer part of a non-negative decimal (<c>12.0</c>).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out long number)
    {
        text = text.Trim();
        var dot = text.IndexOf('.');
        if (dot > 0 && long.TryParse(text[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            text = text[..dot];
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }
}

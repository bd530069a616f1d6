using System.Text;
using Sidecar.Signing;

namespace Sidecar.Tests.Conformance;

/// <summary>A signed request's headers as text, for assertions (constant values as set, computed ones decoded).</summary>
internal static class SigningOutputs
{
    /// <summary>The value of header <paramref name="name"/>; throws when the signed request has none.</summary>
    public static string Header(SignedRequest output, string name)
    {
        for (var i = 0; i < output.Headers.Count; i++)
        {
            if (output.Headers.NameAt(i) == name)
            {
                return ValueAt(output, i);
            }
        }

        throw new KeyNotFoundException(name);
    }

    /// <summary>Every header, by name; a name set twice fails.</summary>
    public static Dictionary<string, string> Headers(SignedRequest output)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in HeaderList(output))
        {
            headers.Add(name, value);
        }

        return headers;
    }

    /// <summary>Every header, in order.</summary>
    public static List<KeyValuePair<string, string>> HeaderList(SignedRequest output)
    {
        var headers = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < output.Headers.Count; i++)
        {
            headers.Add(new(output.Headers.NameAt(i), ValueAt(output, i)));
        }

        return headers;
    }

    /// <summary>Prepares <paramref name="credentials"/> as at start-up, then signs <paramref name="request"/> at <paramref name="now"/>; the caller disposes the output.</summary>
    public static (SignOutcome Outcome, SignedRequest Output) PrepareAndSign(SigningScheme scheme, VenueCredentials credentials, ConformanceRequest request, long now)
    {
        scheme.Prepare(credentials);
        return Sign(scheme, credentials, request, now);
    }

    /// <summary>Signs <paramref name="request"/> at <paramref name="now"/> through <paramref name="step"/> (default: the scheme's Sign); the caller disposes the output.</summary>
    public static (SignOutcome Outcome, SignedRequest Output) Sign(SigningScheme scheme, VenueCredentials credentials, ConformanceRequest request, long now, SignStep? step = null)
    {
        var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = request.Method,
            Path = Encoding.UTF8.GetBytes(request.Path),
            Query = Encoding.UTF8.GetBytes(request.Query),
            Body = Encoding.UTF8.GetBytes(request.Body),
            BodyFormat = request.Format,
            Host = request.Host,
            UnixTimeMilliseconds = now,
            CredentialHeaderValues = request.BotValues,
        };
        return (step is null ? scheme.Sign(input, credentials, output) : step(scheme, input, credentials, output), output);
    }

    private static string ValueAt(SignedRequest output, int i) => output.Headers.ConstantValueAt(i) ?? Encoding.UTF8.GetString(output.Headers.ComputedValueAt(i));
}

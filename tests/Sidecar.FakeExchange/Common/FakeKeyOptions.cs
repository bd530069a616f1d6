namespace Sidecar.FakeExchange.Common;

/// <summary>
/// What every API-key fake is set up with: the one key it accepts, the secret it verifies signatures with (as its
/// venue's docs define the HMAC key; each options type says which bytes), and the port. Test secrets only: the
/// fakes are never pointed at real keys.
/// </summary>
public abstract class FakeKeyOptions
{
    /// <summary>The only API key accepted (in the header or parameter the venue's docs name).</summary>
    public required string ApiKey { get; init; }

    /// <summary>The HMAC key the fake verifies with.</summary>
    public required byte[] Secret { get; init; }

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Refuses options without a key or a secret before a fake starts.</summary>
    internal static void Check([System.Diagnostics.CodeAnalysis.NotNull] FakeKeyOptions? options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.ApiKey);
        if (options.Secret is not { Length: > 0 })
        {
            throw new ArgumentException("The secret must not be empty.", nameof(options));
        }
    }
}

namespace Sidecar.Signing;

/// <summary>What a venue signs with: the exchange's key id (not secret) and the HSM key.</summary>
public sealed class VenueCredentials
{
    public VenueCredentials(string apiKey, ISigningKey key)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        ArgumentNullException.ThrowIfNull(key);
        ApiKey = apiKey;
        Key = key;
    }

    public string ApiKey { get; }

    public ISigningKey Key { get; }
}

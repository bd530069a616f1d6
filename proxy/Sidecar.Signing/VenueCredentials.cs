using Sidecar.Signing.Nonces;

namespace Sidecar.Signing;

/// <summary>What a venue signs with. Built once at start-up; immutable after <see cref="SigningScheme.Prepare"/>.</summary>
public sealed class VenueCredentials
{
    public VenueCredentials(string apiKey, ISigningKey key, string? passphrase = null, INonceSource? nonces = null, Tokens.TokenVault? tokens = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        ArgumentNullException.ThrowIfNull(key);
        ApiKey = apiKey;
        Key = key;
        Passphrase = passphrase;
        Nonces = nonces;
        Tokens = tokens ?? new Tokens.TokenVault();
    }

    /// <summary>The exchange's API key id (public, but logged only as a short prefix).</summary>
    public string ApiKey { get; }

    public ISigningKey Key { get; }

    /// <summary>The API passphrase (OKX, KuCoin, Coinbase Exchange), read from the token at start-up.</summary>
    public string? Passphrase { get; }

    /// <summary>Per-key nonces for schemes that need them (Kraken, Bitfinex).</summary>
    public INonceSource? Nonces { get; }

    /// <summary>The key's bearer tokens kept from the bot (shared by every venue that signs with the key).</summary>
    public Tokens.TokenVault Tokens { get; }

    /// <summary>
    /// The passphrase header value as the scheme sends it, set once by <see cref="SigningScheme.Prepare"/>:
    /// the passphrase itself, or e.g. KuCoin's base64 HMAC of it, computed inside the HSM.
    /// </summary>
    public string? PassphraseHeader { get; set; }
}

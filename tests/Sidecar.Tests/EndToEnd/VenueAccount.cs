using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd;

/// <summary>
/// A venue's fake exchange with the API key it knows, and that key's secret imported into the test token under
/// <see cref="KeyLabel"/>: what every venue's account fixture (<c>EndToEnd/&lt;Venue&gt;/&lt;Venue&gt;Account.cs</c>) holds.
/// </summary>
/// <typeparam name="TExchange">The venue's fake exchange, stopped with the account.</typeparam>
public abstract class VenueAccount<TExchange>(TExchange exchange, string apiKey, string secret, string keyLabel) : IAsyncDisposable
    where TExchange : IAsyncDisposable
{
    public TExchange Exchange { get; } = exchange;

    public string ApiKey { get; } = apiKey;

    /// <summary>The API secret as the exchange hands it out.</summary>
    public string Secret { get; } = secret;

    public string KeyLabel { get; } = keyLabel;

    public ValueTask DisposeAsync() => Exchange.DisposeAsync();

    /// <summary>
    /// Imports <paramref name="secret"/> as an HMAC key under a fresh label for <paramref name="venue"/>, and returns
    /// the label; a null <paramref name="token"/> leaves the HSM alone (direct-mode validation).
    /// </summary>
    protected static string ImportHmac(SoftHsmToken? token, string venue, byte[] secret)
    {
        var label = TestSecrets.Label(venue);
        token?.ImportHmac(label, secret);
        return label;
    }
}

/// <summary>A <see cref="VenueAccount{TExchange}"/> whose key also has a passphrase, imported under <see cref="PassphraseLabel"/>.</summary>
/// <typeparam name="TExchange">The venue's fake exchange, stopped with the account.</typeparam>
public abstract class VenueAccountWithPassphrase<TExchange>(TExchange exchange, string apiKey, string secret, string keyLabel, string passphrase, string passphraseLabel)
    : VenueAccount<TExchange>(exchange, apiKey, secret, keyLabel)
    where TExchange : IAsyncDisposable
{
    public string Passphrase { get; } = passphrase;

    public string PassphraseLabel { get; } = passphraseLabel;

    /// <summary>Imports <paramref name="passphrase"/> under a fresh label for <paramref name="venue"/>, as <see cref="VenueAccount{TExchange}.ImportHmac"/>.</summary>
    protected static string ImportPassphrase(SoftHsmToken? token, string venue, string passphrase)
    {
        var label = TestSecrets.Label(venue);
        token?.ImportPassphrase(label, passphrase);
        return label;
    }
}

using System.Security.Cryptography;

namespace Sidecar.Signing.Tokens;

/// <summary>
/// Bearer tokens an exchange hands out that the bot must not hold (a Kraken WebSocket token can place orders around
/// the order guards; a Deribit access token can withdraw): Sidecar keeps the real token here and gives the bot an
/// opaque placeholder, which it swaps back when the bot uses it through Sidecar. One vault per key, shared by every
/// venue that signs with the key (the REST venue that mints a token and the WebSocket venue that spends it).
/// Bounded: the oldest placeholder goes when <see cref="Capacity"/> is reached, and each lives as long as the token.
/// </summary>
public sealed class TokenVault
{
    /// <summary>Placeholders are recognisable in logs and cannot be mistaken for an exchange's token.</summary>
    public const string Prefix = "sidecar-placeholder-";

    /// <summary>More live tokens than a bot uses (ccxt keeps one per connection and refreshes it every 15 min).</summary>
    public const int Capacity = 1024;

    private readonly TimeProvider _clock;
    private readonly Dictionary<string, (string Token, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public TokenVault(TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Keeps <paramref name="token"/> for <paramref name="lifetime"/> and returns the placeholder the bot gets.</summary>
    public string Issue(string token, TimeSpan lifetime)
    {
        var placeholder = Prefix + RandomNumberGenerator.GetHexString(32, lowercase: true);
        lock (_tokens)
        {
            while (_tokens.Count >= Capacity && _order.TryDequeue(out var oldest))
            {
                _tokens.Remove(oldest);
            }

            _tokens[placeholder] = (token, _clock.GetUtcNow() + lifetime);
            _order.Enqueue(placeholder);
        }

        return placeholder;
    }

    /// <summary>The real token behind <paramref name="placeholder"/>; false when unknown or expired (then nothing may be forwarded).</summary>
    public bool TryRedeem(string placeholder, out string token) => TryRedeem(placeholder.AsSpan(), out token);

    /// <summary>
    /// <see cref="TryRedeem(string, out string)"/> for a placeholder read out of a frame: no string is made for it, as a
    /// WebSocket session swaps tokens per message (Kraken puts one in every private request).
    /// </summary>
    public bool TryRedeem(ReadOnlySpan<char> placeholder, out string token)
    {
        lock (_tokens)
        {
            if (_tokens.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(placeholder, out var entry) && entry.Expires > _clock.GetUtcNow())
            {
                token = entry.Token;
                return true;
            }
        }

        token = "";
        return false;
    }

    /// <summary>True for text that has the shape of a placeholder (issued here or not).</summary>
    public static bool IsPlaceholder(ReadOnlySpan<char> text) => text.StartsWith(Prefix, StringComparison.Ordinal);
}

namespace Sidecar.Signing.Nonces;

/// <summary>Nonces that strictly increase per key, across concurrent requests and across restarts.</summary>
public interface INonceSource
{
    /// <summary>A nonce greater than every nonce this source ever returned, and at least <paramref name="now"/>.</summary>
    long Next(long now);
}

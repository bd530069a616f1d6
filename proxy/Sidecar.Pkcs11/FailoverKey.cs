using Sidecar.Signing;

namespace Sidecar.Pkcs11;

/// <summary>
/// One key label on a primary/standby pair (<see cref="HsmFailover"/>). Schemes see a plain
/// <see cref="ISigningKey"/>. A sign the primary cannot make is made by the standby, within the same request, so
/// a primary going away costs no request; a sign abandoned by the watchdog (its request already answered 503)
/// is never retried anywhere.
/// </summary>
internal sealed class FailoverKey : ISigningKey
{
    private readonly HsmFailover _pair;
    private readonly ISigningKey _primary;
    private readonly ISigningKey _standby;

    public FailoverKey(HsmFailover pair, ISigningKey primary, ISigningKey standby)
    {
        _pair = pair;
        _primary = primary;
        _standby = standby;
    }

    public string Label => _primary.Label;

    /// <summary>The key on the primary HSM.</summary>
    public ISigningKey PrimaryKey => _primary;

    /// <summary>The same label on the standby HSM.</summary>
    public ISigningKey StandbyKey => _standby;

    public SignatureAlgorithm Algorithm => _primary.Algorithm;

    public SignResult Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        if (_pair.Active == HsmRole.Primary)
        {
            try
            {
                return _primary.Sign(data, signature);
            }
            catch (SignAbandonedException)
            {
                throw;
            }
            catch (SigningKeyUnavailableException ex)
            {
                _pair.FailOver(ex.Message);
            }
        }

        return _standby.Sign(data, signature);
    }
}

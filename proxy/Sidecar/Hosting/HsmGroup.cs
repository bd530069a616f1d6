using Sidecar.Pkcs11;
using Sidecar.Signing;

namespace Sidecar.Hosting;

/// <summary>
/// One configured HSM as venues see it: a primary connection and, with <c>Standby</c>, a second connection and
/// the failover between them. Keys resolved here sign on whichever of the two is active.
/// </summary>
internal sealed class HsmGroup : IDisposable
{
    /// <param name="clock">Times the failover's probes of the primary (none without a standby).</param>
    public HsmGroup(string name, HsmConnection primary, HsmConnection? standby, TimeProvider clock)
    {
        Name = name;
        Primary = primary;
        Standby = standby;
        Failover = standby is null ? null : new HsmFailover(primary, standby, clock);
    }

    public string Name { get; }

    public HsmConnection Primary { get; }

    public HsmConnection? Standby { get; }

    public HsmFailover? Failover { get; }

    /// <summary>The connection signs go to now.</summary>
    public HsmConnection Active => Failover is { Active: HsmRole.Standby } ? Standby! : Primary;

    /// <summary>True when some connection of the group can sign.</summary>
    public bool CanSign => Primary.Unavailable is null || Standby is { Unavailable: null };

    /// <summary>Both connections, primary first.</summary>
    public IEnumerable<HsmConnection> Connections => Standby is null ? [Primary] : [Primary, Standby];

    /// <summary>Resolves the label on the primary and, with a standby, on the standby too (both must hold it).</summary>
    /// <exception cref="HsmKeyException">The label is missing or ambiguous on either HSM.</exception>
    public ISigningKey ResolveSigningKey(string label, SignatureAlgorithm algorithm)
    {
        var primary = Primary.ResolveSigningKey(label, algorithm);
        if (Standby is null || Failover is null)
        {
            return primary;
        }

        ISigningKey standby;
        try
        {
            standby = Standby.ResolveSigningKey(label, algorithm);
        }
        catch (HsmKeyException ex)
        {
            throw new HsmKeyException(label, $"standby HSM '{Standby.Name}': {ex.Message}");
        }

        return Failover.Wrap(primary, standby);
    }

    /// <summary>
    /// Reads a passphrase from a connection that is logged in. Null when none is (every PIN refused): the venue
    /// then signs nothing, so its passphrase is never needed.
    /// </summary>
    public string? ReadPassphrase(string label)
    {
        foreach (var connection in Connections)
        {
            if (!connection.PinRejected)
            {
                return connection.ReadPassphrase(label);
            }
        }

        return null;
    }

    /// <summary>A key no venue uses after a reload: its connections stop looking it up again after a reconnect.</summary>
    public void Release(ISigningKey key)
    {
        if (Failover is not null)
        {
            Failover.Release(key);
            return;
        }

        Primary.Release(key);
    }

    public void Dispose()
    {
        Failover?.Dispose();
        Standby?.Dispose();
        Primary.Dispose();
    }
}

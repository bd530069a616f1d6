namespace Sidecar.Signing.Permissions;

/// <summary>
/// What the exchange says the venue's API key may do. Null means the exchange's answer does not say (not that
/// the permission is absent).
/// </summary>
public sealed record KeyPermissions
{
    /// <summary>The key can withdraw funds off the exchange.</summary>
    public bool? Withdrawals { get; init; }

    /// <summary>The key works only from allow-listed IP addresses.</summary>
    public bool? IpRestricted { get; init; }

    /// <summary>The key can move funds between accounts, wallets or sub-accounts.</summary>
    public bool? Transfers { get; init; }

    /// <summary>The fields of the exchange's answer these came from, for the reason line.</summary>
    public required string Source { get; init; }
}

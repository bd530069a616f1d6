namespace Sidecar.FakeExchange.Common;

/// <summary>
/// What a fake exchange's "API key permissions" endpoint reports about its one key, so tests can set up a good
/// or a bad posture. Each fake renders it in its own exchange's answer format, from that exchange's docs.
/// </summary>
public sealed record FakeKeyPermissions
{
    /// <summary>The key can withdraw funds.</summary>
    public bool Withdrawals { get; init; }

    /// <summary>The key is bound to allow-listed IP addresses.</summary>
    public bool IpRestricted { get; init; } = true;

    /// <summary>The key can move funds between accounts or wallets.</summary>
    public bool Transfers { get; init; }
}

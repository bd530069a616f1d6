namespace Sidecar.Signing.Policy;

/// <summary>What an endpoint does, as the exchange documents it. Profiles allow categories, not paths.</summary>
public enum EndpointCategory
{
    /// <summary>Not in the scheme's catalog: allowed only by an explicit Allow rule.</summary>
    Unknown,

    /// <summary>Public market data.</summary>
    Public,

    /// <summary>Account reads: balances, positions, orders, fills, listen keys.</summary>
    Read,

    /// <summary>Place, amend and cancel orders.</summary>
    Trade,

    /// <summary>Moving funds off the exchange. Denied in every profile.</summary>
    Withdrawal,

    /// <summary>Moving funds between accounts or wallets. Denied in every profile.</summary>
    Transfer,

    /// <summary>Creating or managing sub-accounts. Denied in every profile.</summary>
    SubAccount,

    /// <summary>Creating, changing or deleting API keys. Denied in every profile.</summary>
    ApiKeyManagement,
}

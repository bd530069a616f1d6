using Sidecar.Signing.Policy;
using static Sidecar.Signing.Policy.EndpointCategory;

namespace Sidecar.Signing.Bitfinex;

/// <summary>
/// Bitfinex API v2 authenticated endpoints by category, from docs.bitfinex.com ("REST Authenticated Endpoints":
/// Account Actions, Orders, Positions, Margin Funding, Wallets, Account Info). Denials first: the first match wins.
/// <c>/v2/auth/r/*</c> endpoints only read. Public market data is recognised by <see cref="BitfinexEndpoints"/>.
/// </summary>
internal static class BitfinexCatalog
{
    public static readonly EndpointCatalog Instance = new(
        // Funds leaving, moving between wallets, deposit addresses and invoices, margin-funding offers; auth tokens.
        ("POST /v2/auth/w/withdraw", Withdrawal),
        ("POST /v2/auth/w/transfer", Transfer),
        ("POST /v2/auth/w/deposit/**", Transfer),
        ("POST /v2/auth/w/funding/**", Transfer),
        ("POST /v2/auth/w/token", ApiKeyManagement),

        // Reads (wallets, orders, trades, ledgers, positions, movements, user info …) and calculations.
        ("POST /v2/auth/r/**", Read),
        ("POST /v2/auth/calc/**", Read),

        // Trading: orders (submit, update, cancel, multi), positions, derivative collateral.
        ("POST /v2/auth/w/order/**", Trade),
        ("POST /v2/auth/w/position/**", Trade),
        ("POST /v2/auth/w/deriv/collateral/set", Trade));
}

using Sidecar.Signing.Policy;
using static Sidecar.Signing.Policy.EndpointCategory;

namespace Sidecar.Signing.CoinbaseExchange;

/// <summary>
/// Coinbase Exchange's private endpoints by category, from the Exchange REST API reference (Accounts, Orders, Fills,
/// Coinbase accounts, Transfers, Profiles, Address book, Conversions, Reports, Users, Fees). Denials first: the
/// first match wins. Public market data is recognised by <see cref="CoinbaseExchangeEndpoints"/>.
/// </summary>
internal static class CoinbaseExchangeCatalog
{
    public static readonly EndpointCatalog Instance = new(
        // Money leaving or entering: withdrawals (and the address book that feeds them), deposits, crypto addresses.
        ("GET /withdrawals/fee-estimate", Read),
        ("* /withdrawals/**", Withdrawal),
        ("POST /address-book", Withdrawal),
        ("DELETE /address-book/*", Withdrawal),
        ("* /deposits/**", Transfer),
        ("POST /coinbase-accounts/*/addresses", Transfer),
        ("POST /profiles/transfer", Transfer),
        ("POST /profiles/margin-transfer", Transfer),
        ("POST /profiles", SubAccount),
        ("PUT /profiles/**", SubAccount),

        // Reads.
        ("GET /accounts", Read),
        ("GET /accounts/**", Read),
        ("GET /coinbase-accounts", Read),
        ("GET /address-book", Read),
        ("GET /fills", Read),
        ("GET /orders", Read),
        ("GET /orders/*", Read),
        ("GET /fees", Read),
        ("GET /oracle", Read),
        ("GET /payment-methods", Read),
        ("GET /profiles", Read),
        ("GET /profiles/*", Read),
        ("GET /transfers", Read),
        ("GET /transfers/*", Read),
        ("GET /conversions", Read),
        ("GET /conversions/*", Read),
        ("GET /users/self/**", Read),
        ("GET /users/*/trading-volumes", Read),
        ("GET /reports/*", Read),
        ("POST /reports", Read),
        ("GET /travel-rules", Read),

        // Trading.
        ("POST /orders", Trade),
        ("DELETE /orders", Trade),
        ("DELETE /orders/*", Trade),
        ("POST /conversions", Trade));
}

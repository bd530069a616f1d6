using static Sidecar.Signing.Policy.ExchangeEndpoint;

namespace Sidecar.Signing.Deribit;

/// <summary>
/// Deribit API v2 (JSON-RPC over HTTP, docs.deribit.com): methods under <c>/api/v2/public/</c> need no
/// authentication, methods under <c>/api/v2/private/</c> do, and are listed by category; anything else is signed (the
/// safe default). The same method set is served over WebSocket. Public rows come first, then denials: the first
/// matching row wins.
/// </summary>
internal static class DeribitEndpoints
{
    public static readonly EndpointTable Table = new(
    [
        Public("* /api/v2/public/*/**"),
        .. Private(Withdrawal, "withdraw", "cancel_withdrawal", "add_to_address_book", "remove_from_address_book",
            "update_in_address_book", "set_clearance_originator"),
        .. Private(Transfer, "submit_transfer_to_subaccount", "submit_transfer_to_user", "submit_transfer_between_subaccounts",
            "cancel_transfer_by_id", "move_positions", "create_deposit_address"),
        .. Private(SubAccount, "create_subaccount", "change_subaccount_name", "remove_subaccount", "set_email_for_subaccount",
            "toggle_subaccount_login", "toggle_notifications_from_subaccount", "enable_affiliate_program"),
        .. Private(KeyManagement, "create_api_key", "edit_api_key", "remove_api_key", "reset_api_key", "enable_api_key",
            "disable_api_key", "change_api_key_name", "change_scope_in_api_key", "set_api_key_as_default", "list_api_keys"),
        .. Private(Read, "get_account_summary", "get_account_summaries", "get_positions", "get_position",
            "get_open_orders", "get_open_orders_by_currency", "get_open_orders_by_instrument", "get_open_orders_by_label",
            "get_order_state", "get_order_state_by_label", "get_order_history_by_currency", "get_order_history_by_instrument",
            "get_order_margin_by_ids", "get_trigger_order_history", "get_user_trades_by_currency",
            "get_user_trades_by_currency_and_time", "get_user_trades_by_instrument", "get_user_trades_by_instrument_and_time",
            "get_user_trades_by_order", "get_settlement_history_by_currency", "get_settlement_history_by_instrument",
            "get_margins", "get_subaccounts", "get_subaccounts_details", "get_transaction_log", "get_deposits",
            "get_withdrawals", "get_transfers", "get_current_deposit_address", "get_address_book", "get_email_language",
            "get_new_announcements", "get_access_log", "get_user_locks", "get_mmp_config", "get_mmp_status",
            "get_cancel_on_disconnect", "get_portfolio_margins", "simulate_portfolio"),
        Trade("* /api/v2/private/buy", DeribitOrders.Buy),
        Trade("* /api/v2/private/sell", DeribitOrders.Sell),
        Trade("* /api/v2/private/edit", DeribitOrders.Unparsed),
        Trade("* /api/v2/private/edit_by_label", DeribitOrders.Unparsed),
        Trade("* /api/v2/private/mass_quote", DeribitOrders.Unparsed),
        Trade("* /api/v2/private/close_position", DeribitOrders.Unparsed),
        .. Private(Cancel, "cancel", "cancel_all", "cancel_all_by_currency", "cancel_all_by_currency_pair",
            "cancel_all_by_instrument", "cancel_all_by_kind_or_type", "cancel_by_label", "cancel_quotes",
            "enable_cancel_on_disconnect"),
        .. Private(pattern => Trade(pattern), "set_mmp_config", "reset_mmp", "disable_cancel_on_disconnect", "create_combo"),
    ]);

    /// <summary>The JSON-RPC method name of a private path (<c>/api/v2/private/buy</c> → <c>private/buy</c>).</summary>
    public const string PrivatePrefix = "/api/v2/private/";

    private static ExchangeEndpoint[] Private(Func<string, ExchangeEndpoint> row, params string[] methods)
    {
        var rows = new ExchangeEndpoint[methods.Length];
        for (var i = 0; i < methods.Length; i++)
        {
            rows[i] = row("* " + PrivatePrefix + methods[i]);
        }

        return rows;
    }
}

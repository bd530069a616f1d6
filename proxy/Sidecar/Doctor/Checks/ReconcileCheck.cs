using System.Globalization;
using System.Text.Json;
using Sidecar.Proxy;
using Sidecar.Reconcile;

namespace Sidecar.Doctor.Checks;

/// <summary>
/// Each venue's reconciliation of its orders with the exchange's, as the running sidecar last did it: read from its
/// admin listener's <c>/readyz</c> (<c>reconcile</c>), since only the running process knows which orders it signed.
/// Orders at the exchange Sidecar never signed are a failure: the key is used somewhere else. Inside <c>sidecar run</c>
/// the same facts are in readiness already, so the check says nothing there.
/// </summary>
internal sealed class ReconcileCheck : IVenueCheck
{
    private const string Check = "exchange.reconcile";

    public async Task<IReadOnlyList<CheckResult>> RunAsync(DoctorContext context, Venue venue, CancellationToken cancellationToken)
    {
        if (context.InsideRun)
        {
            return [];
        }

        var setting = $"Venues:{venue.Name}:Reconcile:IntervalSeconds";
        if (venue.IsWebSocket)
        {
            return [new CheckResult(Check, venue.Name, CheckStatus.Unknown, "a WebSocket venue: its orders are reconciled by the REST venue whose limits it shares",
                "configure a REST venue with the same key, whose Reconcile covers this account")];
        }

        if (!venue.Reconciles)
        {
            return [new CheckResult(Check, venue.Name, CheckStatus.Warn, $"{setting} is 0: an order placed with this key elsewhere would go unnoticed",
                $"set {setting} (60 by default)")];
        }

        if (venue.Exchange.OrderHistory.UnavailableReason is { } unavailable)
        {
            return [new CheckResult(Check, venue.Name, CheckStatus.Unknown, unavailable, "watch the account's orders in the exchange's own interface")];
        }

        JsonElement? status;
        try
        {
            status = await StatusAsync(context, venue.Name, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return [new CheckResult(Check, venue.Name, CheckStatus.Unknown, $"no running sidecar answered at {context.Config.Admin}readyz: only the running sidecar knows which orders it signed",
                "run the doctor beside a running sidecar (sidecar run) to see its last reconciliation")];
        }

        if (status is not { } venueStatus)
        {
            return [new CheckResult(Check, venue.Name, CheckStatus.Unknown, "the running sidecar does not reconcile this venue (its configuration differs from this file)",
                "reload the running sidecar with this configuration")];
        }

        var unknown = venueStatus.GetProperty("unknownOrders").GetInt64();
        var result = venueStatus.GetProperty("result").GetString();
        var last = venueStatus.TryGetProperty("lastSuccess", out var lastSuccess) ? $"last reconciled {lastSuccess.GetString()}" : "never reconciled yet";
        if (unknown > 0)
        {
            return [new CheckResult(Check, venue.Name, CheckStatus.Fail,
                string.Create(CultureInfo.InvariantCulture, $"{unknown} orders at the exchange that Sidecar never signed since it started ({last}: {result}): the key is used somewhere else"),
                "find the unknown_order records in the audit log; if the orders are not yours, revoke the key at the exchange and import a new one")];
        }

        if (venueStatus.TryGetProperty("problem", out var problem))
        {
            return [new CheckResult(Check, venue.Name, CheckStatus.Warn, $"the last reconciliation failed: {problem.GetString()} ({last})",
                "check that the key may read orders and the upstream is reachable")];
        }

        return venueStatus.TryGetProperty("lastSuccess", out _)
            ? [CheckResult.Pass(Check, venue.Name, $"{last}: {result}")]
            : [new CheckResult(Check, venue.Name, CheckStatus.Unknown, result ?? "not reconciled yet", "wait one interval after start-up")];
    }

    // The running sidecar's status for the venue; null when it does not reconcile it.
    private static async Task<JsonElement?> StatusAsync(DoctorContext context, string venue, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(context.Config.Admin, "readyz"));
        using var response = await context.Client.SendAsync(request, cancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        foreach (var status in json.RootElement.GetProperty(ReconcileReadiness.PartName).GetProperty("venues").EnumerateArray())
        {
            if (status.GetProperty("name").GetString() == venue)
            {
                return status.Clone();
            }
        }

        return null;
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sidecar.Audit;

namespace Sidecar.Cli;

/// <summary>
/// Audit records for people: one row per record, answering "who sent this order, when, signed by which HSM, and
/// what did the exchange say". An intent's answer (its <c>answered</c> record) fills the same row when it is known.
/// </summary>
internal static class AuditTable
{
    private const string Format = "{0,-23} {1,7} {2,-10} {3,-10} {4,-6} {5,-28} {6,-34} {7,-28} {8,6} {9,-8} {10,9}";

    public static void WriteHeader(TextWriter output) =>
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, Format, "TIME (UTC)", "SEQ", "VENUE", "DECISION", "METHOD", "PATH", "ORDER", "HSM / KEY", "STATUS", "OUTCOME", "LATENCY"));

    public static void WriteRow(TextWriter output, AuditEntry entry, AuditEntry? answer)
    {
        var time = entry.Time == DateTimeOffset.MinValue ? "-" : entry.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
        var outcome = answer ?? entry;
        string path;
        var decision = entry.Decision;
        if (entry.Decision == AuditDecisions.Checkpoint)
        {
            path = $"head seq {entry.Text("checkpoint", "seq")}";
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, Format, time, entry.Sequence, "-", decision, "-", path,
                "", Cut(entry.Text("checkpoint", "key") ?? "-", 28), "", "", ""));
            return;
        }

        path = entry.Text("path") ?? "-";
        if (entry.Ref is { } reference)
        {
            path = $"#{reference} {path}";
        }

        var rule = outcome.Text("rule");
        var signer = entry.Text("hsm") is { } hsm ? $"{hsm}/{entry.Text("key")}" : entry.Text("key") ?? "-";
        var latency = outcome.Number("latencyMs") is { } ms ? ms + "ms" : "";
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, Format, time, entry.Sequence, Cut(entry.Venue ?? "-", 10),
            decision, Cut(entry.Text("method") ?? "-", 6), Cut(path, 28), Cut(Order(entry), 34), Cut(signer, 28),
            outcome.Number("upstreamStatus") ?? "", Cut(outcome.Text("outcome") ?? "", 8), latency));
        if (rule is not null)
        {
            output.WriteLine($"{"",23} {"",7} rule: {rule}");
        }
    }

    /// <summary>The record as JSON; an intent carries its answer as <c>answer</c>.</summary>
    public static void WriteJson(TextWriter output, AuditEntry entry, AuditEntry? answer)
    {
        if (answer is null)
        {
            output.WriteLine(entry.Line);
            return;
        }

        var json = JsonNode.Parse(entry.Line)!.AsObject();
        json["answer"] = JsonNode.Parse(answer.Line);
        output.WriteLine(json.ToJsonString());
    }

    // "BUY 0.001 BTCUSDT @50000 demo-1": side, quantity, symbol, price and client order id.
    private static string Order(AuditEntry entry)
    {
        var order = new StringBuilder();
        foreach (var (field, prefix) in (ReadOnlySpan<(string, string)>)[("side", ""), ("quantity", ""), ("symbol", ""), ("price", "@"), ("clientOrderId", "")])
        {
            if (entry.Text("order", field) is { } value)
            {
                order.Append(order.Length > 0 ? " " : "").Append(prefix).Append(value);
            }
        }

        if (entry.Text("requestId") is { } id)
        {
            order.Append(order.Length > 0 ? " " : "").Append("id=").Append(id);
        }

        return order.ToString();
    }

    private static string Cut(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}

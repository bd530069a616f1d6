using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Sidecar.Proxy;
using Sidecar.Reconcile;
using Sidecar.Signing;
using Sidecar.Signing.Reconcile;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Proxy;

/// <summary>
/// The order ids of an answer Sidecar relayed: the forwarding plan keeps a copy of the answer as YARP streams it to
/// the bot, and only a whole answer names orders to the reconcile ledger (an order then matched by its exchange id
/// alone, as for exchanges where Sidecar adds no client order id).
/// </summary>
public sealed class AnswerCaptureTests
{
    private const string Placed = """{"symbol":"BTCUSDT","orderId":28,"orderListId":-1,"clientOrderId":"6gCrw2kRUAF9CvJDGP16IP","transactTime":1507725176595}""";

    [Fact]
    public async Task A_whole_order_answer_relayed_to_the_bot_names_its_order_to_the_ledger()
    {
        var (plan, ledger) = Plan();

        var relayed = await RelayAsync(plan, new StringContent(Placed, Encoding.UTF8, "application/json"));
        plan.RecordPlacedOrders();

        Assert.Equal(Placed, relayed);
        Assert.True(ledger.Knows(new ExchangeOrder("BTCUSDT", "28", ClientOrderId: null, CreatedMs: null)));
    }

    [Fact]
    public async Task An_answer_cut_off_names_nothing_and_reaches_the_bot_cut()
    {
        var (plan, ledger) = Plan();
        var cut = new StreamContent(new CutStream(Encoding.UTF8.GetBytes(Placed)[..20]));

        await Assert.ThrowsAsync<IOException>(() => RelayAsync(plan, cut));
        plan.RecordPlacedOrders();

        Assert.Equal(0, ledger.Count);
    }

    [Fact]
    public async Task An_answer_larger_than_the_capture_names_nothing()
    {
        var (plan, ledger) = Plan();
        var large = "[" + string.Join(",", Enumerable.Repeat(Placed, 200)) + "]";

        Assert.Equal(large, await RelayAsync(plan, new StringContent(large)));
        plan.RecordPlacedOrders();

        Assert.Equal(0, ledger.Count);
    }

    private static (ForwardingPlan Plan, OrderLedger Ledger) Plan()
    {
        Assert.True(SigningSchemes.TryGet("binance-hmac", out var scheme));
        var ledger = new OrderLedger(new TestClock());
        var plan = new ForwardingPlan();
        plan.RecordPlacedOrders(ledger, scheme.Exchange.OrderHistory, scheme.Exchange.Endpoints.Find("POST", "/api/v3/order"u8));
        return (plan, ledger);
    }

    // What YARP does with a 2xx answer: the transform, then the body copied to the bot.
    private static async Task<string> RelayAsync(ForwardingPlan plan, HttpContent content)
    {
        using var answer = new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        var context = new DefaultHttpContext();
        Assert.True(await plan.TransformResponseAsync(context, answer, CancellationToken.None));
        await using var body = await answer.Content.ReadAsStreamAsync();
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy);
        return Encoding.UTF8.GetString(copy.ToArray());
    }

    /// <summary>Gives its bytes, then fails as a reset connection does.</summary>
    private sealed class CutStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer, cancellationToken);
            return read > 0 ? read : throw new IOException("connection reset");
        }
    }
}

using Sidecar.Signing.Policy;

namespace Sidecar.Signing.Kraken;

/// <summary>Reads the order a Kraken request places (AddOrder / EditOrder form bodies), for the order guards.</summary>
internal static class KrakenOrders
{
    private static readonly FormOrderReader.Names Names = new("pair", "type", "ordertype", "volume", "price", "cl_ord_id");

    public static OrderRead Read(string method, ReadOnlySpan<byte> path, ReadOnlySpan<byte> body, BodyFormat bodyFormat)
    {
        if (method != "POST")
        {
            return OrderRead.None;
        }

        var single = path.SequenceEqual("/0/private/AddOrder"u8) || path.SequenceEqual("/0/private/EditOrder"u8);
        if (!single)
        {
            return path.SequenceEqual("/0/private/AddOrderBatch"u8) || path.SequenceEqual("/0/private/AmendOrder"u8)
                ? OrderRead.Unreadable("Kraken batch orders and amendments are not inspected by the order guards")
                : OrderRead.None;
        }

        if (bodyFormat == BodyFormat.Json)
        {
            return OrderRead.Unreadable("Kraken orders with a JSON body are not inspected by the order guards");
        }

        // "viqc" gives the volume in the quote currency; relative prices ("+5", "#5", "5%") are not numbers.
        var flags = FormParameters.ValueOf(body, "oflags"u8, out _);
        if (flags.IndexOf("viqc"u8) >= 0)
        {
            return OrderRead.Unreadable("a Kraken volume in the quote currency (viqc) is not inspected by the order guards");
        }

        try
        {
            return OrderRead.Of(FormOrderReader.Read([], body, Names));
        }
        catch (FormatException)
        {
            return OrderRead.Unreadable("a relative or non-numeric Kraken price or volume is not inspected by the order guards");
        }
    }
}

namespace Sidecar.Signing.Kraken;

/// <summary>Reads the order a Kraken request places (AddOrder / EditOrder form bodies), for the order guards.</summary>
internal static class KrakenOrders
{
    private static readonly FormOrderReader.Names Names = new("pair", "type", "ordertype", "volume", "price", "cl_ord_id");

    public static readonly OrderReader Single = OrderReader.Of(Read);

    public static readonly OrderReader Unparsed = OrderReader.Unreadable("Kraken batch orders and amendments are not inspected by the order guards");

    private static OrderRead Read(ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, BodyFormat format)
    {
        if (format == BodyFormat.Json)
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

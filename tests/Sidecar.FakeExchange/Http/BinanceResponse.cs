using Sidecar.FakeExchange.Binance;

namespace Sidecar.FakeExchange.Http;

/// <summary>What a handler answers: HTTP status, JSON body, and the Binance error code if it is an error.</summary>
internal sealed record BinanceResponse(int Status, JsonNode? Body, int? BinanceCode)
{
    public static BinanceResponse Ok(JsonNode body) => new(200, body, null);

    public static BinanceResponse EmptyObject() => Ok(new JsonObject());

    public static BinanceResponse Error(BinanceError error) =>
        new(error.HttpStatus, new JsonObject { ["code"] = error.Code, ["msg"] = error.Message }, error.Code);

    public static BinanceResponse NotFound() => new(404, null, null);

    public static BinanceResponse MethodNotAllowed() => new(405, null, null);
}

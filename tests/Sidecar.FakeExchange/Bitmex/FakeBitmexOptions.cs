namespace Sidecar.FakeExchange.Bitmex;

/// <summary>How a <see cref="FakeBitmex"/> is set up. Test credentials only.</summary>
public sealed class FakeBitmexOptions
{
    /// <summary>The only key accepted in <c>api-key</c>.</summary>
    public required string ApiKey { get; init; }

    /// <summary>The HMAC-SHA256 key: the UTF-8 bytes of the API secret.</summary>
    public required byte[] Secret { get; init; }

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }
}

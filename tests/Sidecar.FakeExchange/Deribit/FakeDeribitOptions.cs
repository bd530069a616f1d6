namespace Sidecar.FakeExchange.Deribit;

/// <summary>How a <see cref="FakeDeribit"/> is set up. Test credentials only.</summary>
public sealed class FakeDeribitOptions
{
    /// <summary>The only client id accepted (<c>id=</c> in the Authorization header).</summary>
    public required string ClientId { get; init; }

    /// <summary>The HMAC-SHA256 key: the UTF-8 bytes of the client secret.</summary>
    public required byte[] ClientSecret { get; init; }

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }
}

namespace Sidecar.FakeExchange.Bitmex;

/// <summary>How a <see cref="FakeBitmex"/> is set up. Test credentials only.</summary>
/// <remarks><see cref="FakeKeyOptions.Secret"/>: the HMAC-SHA256 key: the UTF-8 bytes of the API secret.</remarks>
public sealed class FakeBitmexOptions : FakeKeyOptions
{
}

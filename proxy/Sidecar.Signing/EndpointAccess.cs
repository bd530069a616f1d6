namespace Sidecar.Signing;

/// <summary>What an endpoint needs, as the exchange documents it.</summary>
public enum EndpointAccess
{
    /// <summary>Public market data: forwarded untouched, credentials the bot sent are stripped.</summary>
    Public,

    /// <summary>Needs the API key but no signature (e.g. Binance listenKey).</summary>
    ApiKey,

    /// <summary>Needs a signature made with the venue's key.</summary>
    Signed,
}

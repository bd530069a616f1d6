using System.Security.Cryptography;

namespace Sidecar.Tests.Infrastructure;

/// <summary>Secrets for tests are generated per run (or taken from exchanges' public docs), never committed.</summary>
internal static class TestSecrets
{
    /// <summary>A Binance-style secret: 64 alphanumeric characters.</summary>
    public static string BinanceStyle() => RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 64);

    public static string ApiKey() => "test" + RandomNumberGenerator.GetHexString(28, lowercase: true);

    public static string Label(string prefix) => prefix + "-" + RandomNumberGenerator.GetHexString(8, lowercase: true);
}

using System.Globalization;
using System.Security.Cryptography;
using Xunit.Abstractions;

namespace Sidecar.Tests.Hostile;

/// <summary>
/// The seed of a property that runs its own loop (async, through the real proxy): random per run, printed, and
/// fixed by setting <see cref="Variable"/> to reproduce a failure.
/// </summary>
internal static class PropertySeed
{
    public const string Variable = "SIDECAR_PROPERTY_SEED";

    public static ulong Choose(ITestOutputHelper output)
    {
        var fixedSeed = Environment.GetEnvironmentVariable(Variable);
        var seed = fixedSeed is { Length: > 0 }
            ? ulong.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));
        output.WriteLine($"property seed {seed} (replay: {Variable}={seed})");
        return seed;
    }
}

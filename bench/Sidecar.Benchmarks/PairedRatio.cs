using System.Diagnostics;

namespace Sidecar.Benchmarks;

/// <summary>
/// <c>--paired</c>: the HSM-sign-step / raw-loop ratio measured so that background load hits both sides alike.
/// BenchmarkDotNet measures one benchmark after another, so on a shared 2-core box a build that starts halfway
/// through skews the ratio; here short blocks of ISigningKey.Sign and of the raw C_SignInit+C_Sign loop alternate,
/// and the median of the per-round ratios is reported. A supplement to the BenchmarkDotNet tables, not a replacement.
/// </summary>
internal static class PairedRatio
{
    private const int Rounds = 201;
    private const int CallsPerBlock = 400;

    public static int Run()
    {
        var signing = new SigningBenchmarks();
        var raw = new RawPkcs11Benchmarks();
        signing.Setup();
        raw.Setup();
        try
        {
            Report("session object", () => signing.KeySignHsmSessionObject(), () => raw.RawSessionObject(), () => signing.SignStepHsmSessionObject());
            Report("token object", () => signing.KeySignHsmTokenObject(), () => raw.RawTokenObject(), () => signing.SignStepHsmTokenObject());
        }
        finally
        {
            signing.Cleanup();
            raw.Cleanup();
        }

        return 0;
    }

    private static void Report(string kind, Action keySign, Action rawSign, Action signStep)
    {
        var key = new double[Rounds];
        var rawLoop = new double[Rounds];
        var step = new double[Rounds];
        var keyRatio = new double[Rounds];
        var stepRatio = new double[Rounds];
        for (var round = -10; round < Rounds; round++)
        {
            // Rotate the order so no side always runs first.
            var k = 0.0;
            var r = 0.0;
            var s = 0.0;
            switch ((round + 30) % 3)
            {
                case 0: k = Block(keySign); r = Block(rawSign); s = Block(signStep); break;
                case 1: r = Block(rawSign); s = Block(signStep); k = Block(keySign); break;
                default: s = Block(signStep); k = Block(keySign); r = Block(rawSign); break;
            }

            if (round < 0)
            {
                continue; // warm-up rounds
            }

            key[round] = k;
            rawLoop[round] = r;
            step[round] = s;
            keyRatio[round] = k / r;
            stepRatio[round] = s / r;
        }

        Console.WriteLine(
            $"{kind,-15} median µs/call: raw {Median(rawLoop):F2}, ISigningKey.Sign {Median(key):F2}, SignStep {Median(step):F2}; " +
            $"median ratio ISigningKey.Sign/raw {Median(keyRatio):F3}, SignStep/raw {Median(stepRatio):F3} ({Rounds} rounds x {CallsPerBlock} calls)");
    }

    private static double Block(Action body)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < CallsPerBlock; i++)
        {
            body();
        }

        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / CallsPerBlock;
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }
}

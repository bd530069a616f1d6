using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Sidecar.Hosting;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Hosting;

/// <summary>
/// The native heap trimmer that keeps the sidecar's RSS from rising in steps over a long run (the soak's RSS check,
/// bench/RESULTS.md): memory freed below a chunk still in use is resident until a trim hands it back.
/// </summary>
public sealed partial class NativeHeapTests
{
    private const int BlockBytes = 64 << 10;
    private const int Blocks = 512; // 32 MB

    [Fact]
    public async Task Freed_native_memory_stays_resident_until_the_trimmer_returns_it()
    {
        var freed = await Task.Factory.StartNew(AllocateAndFreeBehindAPin, TaskCreationOptions.LongRunning);
        try
        {
            // glibc keeps the pages: this is the growth the trimmer exists for.
            Assert.True(ResidentKb(freed.Address) >= 24 << 10, $"expected the freed 32 MB still resident, {ResidentKb(freed.Address)} kB");

            var trimmer = new NativeHeapTrimmer(TimeSpan.FromMilliseconds(50));
            await trimmer.StartAsync(CancellationToken.None);
            try
            {
                await Eventually.UntilAsync(() => Task.FromResult(ResidentKb(freed.Address)), kb => kb <= 8 << 10, "the trimmer to return the freed pages (resident kB, 8192 at most)");
            }
            finally
            {
                await trimmer.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            Marshal.FreeHGlobal(freed.Pin);
        }
    }

    [Fact]
    public async Task The_trimmer_stops_with_its_host()
    {
        var trimmer = new NativeHeapTrimmer(TimeSpan.FromMilliseconds(10));
        await trimmer.StartAsync(CancellationToken.None);
        await Task.Delay(50);
        await trimmer.StopAsync(CancellationToken.None);

        Assert.True(trimmer.ExecuteTask!.IsCompletedSuccessfully);
    }

    // On a thread of its own (so in one arena): 32 MB in 64 KB blocks, every page written, and one more block after
    // them that stays (carved from the arena's top as they were), so the arena cannot shrink from its top; then
    // the 32 MB freed.
    private static (nint Address, nint Pin) AllocateAndFreeBehindAPin()
    {
        var blocks = new nint[Blocks];
        for (var i = 0; i < Blocks; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(BlockBytes);
            for (var offset = 0; offset < BlockBytes; offset += 4096)
            {
                Marshal.WriteByte(blocks[i], offset, 1);
            }
        }

        var pin = Marshal.AllocHGlobal(BlockBytes);
        var middle = blocks[Blocks / 2];
        foreach (var block in blocks)
        {
            Marshal.FreeHGlobal(block);
        }

        return (middle, pin);
    }

    // Rss of the mapping that holds the address (/proc/self/smaps: a range line, then its fields).
    private static long ResidentKb(nint address)
    {
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            if (MappingLine().Match(line) is { Success: true } mapping)
            {
                inside = address >= Hex(mapping.Groups[1].Value) && address < Hex(mapping.Groups[2].Value);
            }
            else if (inside && RssLine().Match(line) is { Success: true } rss)
            {
                return long.Parse(rss.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"no mapping holds {address:x}");
    }

    private static long Hex(string value) => long.Parse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [GeneratedRegex("^([0-9a-f]+)-([0-9a-f]+) ")]
    private static partial Regex MappingLine();

    [GeneratedRegex(@"^Rss:\s+(\d+) kB")]
    private static partial Regex RssLine();
}

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sidecar.Hosting;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Hosting;

/// <summary>
/// The cap on glibc malloc arenas that `sidecar run` sets at start-up (bench/RESULTS.md, the soak's RSS check):
/// glibc's default is eight per core of the host, each keeping its own high-water mark of freed memory.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class NativeArenaTests(SoftHsmToken token)
{
    private const long ArenaBytes = 64L << 20;

    [Theory]
    [InlineData(null, null, 2, 2)]
    [InlineData(null, null, 1, 2)]
    [InlineData(null, null, 8, 8)]
    [InlineData("4", null, 2, null)]
    [InlineData(null, "glibc.malloc.arena_max=3", 2, null)]
    [InlineData(null, "glibc.malloc.check=0:glibc.malloc.arena_max=3", 2, null)]
    [InlineData(null, "glibc.malloc.trim_threshold=131072", 2, 2)]
    public void Caps_at_the_processor_count_unless_the_environment_sets_a_cap(string? arenaMax, string? tunables, int processors, int? expected)
    {
        var environment = new Dictionary<string, string?> { ["MALLOC_ARENA_MAX"] = arenaMax, ["GLIBC_TUNABLES"] = tunables };

        Assert.Equal(expected, NativeHeap.ArenaLimit(name => environment.GetValueOrDefault(name), processors));
    }

    [Fact]
    public async Task Sidecar_run_stops_making_arenas_for_its_request_threads()
    {
        var label = TestSecrets.Label("arenas");
        token.ImportHmac(label, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        var config = SidecarUnderTest.Config(token, new JsonObject { ["v"] = SidecarUnderTest.Venue("binance-hmac", new Uri("http://127.0.0.1:9/"), TestSecrets.ApiKey(), label) });
        config["Clock"] = new JsonObject { ["LocalClockVenues"] = new JsonArray("v") }; // nothing listens upstream
        var environment = new Dictionary<string, string> { ["DOTNET_PROCESSOR_COUNT"] = "2" };
        await using var sidecar = await SidecarProcessUnderTest.StartAsync(config, token.Directory, environment);

        // Signs (SoftHSM2 allocates natively) on many thread-pool threads at once; each answer is 502.
        using var bot = new HttpClient { BaseAddress = sidecar.ProxyUrl, Timeout = TimeSpan.FromSeconds(30) };
        var requests = new Task[64];
        for (var i = 0; i < requests.Length; i++)
        {
            requests[i] = bot.GetAsync(new Uri("v/api/v3/account", UriKind.Relative));
        }

        await Task.WhenAll(requests);

        // glibc's default on a host of n cores is 8n arenas (16 or more), which the process's ~50 threads fill. The
        // runtime's own threads made theirs before Main (six here); later threads share those.
        var arenas = ThreadArenas(await File.ReadAllLinesAsync($"/proc/{sidecar.ProcessId}/maps"));
        Assert.InRange(arenas, 1, 8);
    }

    // A glibc arena other than the main one: a read-write anonymous mapping at a 64 MiB boundary, followed by the
    // PROT_NONE rest of its 64 MiB heap (or all 64 MiB of it in use).
    private static int ThreadArenas(string[] maps)
    {
        var count = 0;
        for (var i = 0; i < maps.Length; i++)
        {
            var mapping = Parse(maps[i]);
            if (!mapping.Anonymous || !mapping.Perms.StartsWith("rw", StringComparison.Ordinal) || mapping.Start % ArenaBytes != 0)
            {
                continue;
            }

            var rest = i + 1 < maps.Length ? Parse(maps[i + 1]) : default;
            if (mapping.End - mapping.Start == ArenaBytes
                || rest.Anonymous && rest.Perms.StartsWith("---", StringComparison.Ordinal) && rest.Start == mapping.End && rest.End - mapping.Start == ArenaBytes)
            {
                count++;
            }
        }

        return count;
    }

    private static (long Start, long End, string Perms, bool Anonymous) Parse(string line)
    {
        var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        var range = fields[0].Split('-');
        return (long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            fields[1],
            fields.Length < 6);
    }
}

using System.Diagnostics.Metrics;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Sidecar.Telemetry;

namespace Sidecar.Tests.Monitoring;

/// <summary>
/// The Prometheus names of every metric Sidecar declares, as its /metrics serves them. A metric is served only once
/// it has a value, and most never have one in a test (an HSM failover, an unknown order), so the names come from the
/// declarations instead: every instrument on the <c>Sidecar</c> meter is copied (name, unit, kind) onto a meter of
/// this test, given one value, and served by the same exporter set-up Sidecar's admin listener uses
/// (<see cref="TelemetrySetup"/>). What it serves is then exactly what the exporter makes of each declaration: the
/// <c>_total</c> of counters, unit suffixes such as <c>_milliseconds</c>, a histogram's <c>_bucket</c>, <c>_sum</c>
/// and <c>_count</c>.
/// </summary>
internal static class ExportedMetrics
{
    private static readonly Lazy<Task<Exported>> Once = new(LoadAsync);

    public sealed record Exported(IReadOnlyList<Instrument> Instruments, IReadOnlySet<string> SeriesNames, IReadOnlySet<string> FamilyNames);

    public static Task<Exported> GetAsync() => Once.Value;

    /// <summary>
    /// Every instrument on the Sidecar meter. Instruments are created by type initializers (static fields and
    /// constructors) that run only when their class is first used, so every type of the proxy's assemblies is
    /// initialised first; a <see cref="MeterListener"/> then hears of every instrument already created.
    /// </summary>
    public static IReadOnlyList<Instrument> SidecarInstruments()
    {
        foreach (var assembly in new[] { typeof(SidecarTelemetry).Assembly, typeof(Sidecar.Signing.Exchange).Assembly, typeof(Sidecar.Pkcs11.HsmConnection).Assembly })
        {
            foreach (var type in assembly.GetTypes())
            {
                if (!type.ContainsGenericParameters && type.TypeInitializer is not null)
                {
                    RuntimeHelpers.RunClassConstructor(type.TypeHandle);
                }
            }
        }

        var found = new List<Instrument>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (instrument.Meter.Name == SidecarTelemetry.Name)
            {
                lock (found)
                {
                    found.Add(instrument);
                }
            }
        };
        listener.Start();
        return found;
    }

    private static async Task<Exported> LoadAsync()
    {
        var instruments = SidecarInstruments();
        using var mirror = new Meter("Sidecar.Tests.Mirror." + Guid.NewGuid().ToString("N"));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        TelemetrySetup.Add(builder.Services, new TelemetryOptions());
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(mirror.Name));
        await using var app = builder.Build();
        app.MapPrometheusScrapingEndpoint("/metrics");
        await app.StartAsync();
        try
        {
            // After the start, when the exporter listens: a value recorded before then is not collected.
            foreach (var instrument in instruments)
            {
                Copy(mirror, instrument);
            }

            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            using var http = new HttpClient();
            var text = await http.GetStringAsync(address + "/metrics");

            // Only the mirror's series: the same process may also run real Sidecar hosts, whose series say less.
            var scope = $"otel_scope_name=\"{mirror.Name}\"";
            var series = new HashSet<string>(StringComparer.Ordinal);
            var families = new HashSet<string>(StringComparer.Ordinal);
            foreach (var line in text.Split('\n'))
            {
                if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
                {
                    families.Add(line.Split(' ')[2]);
                }
                else if (line.Contains(scope, StringComparison.Ordinal))
                {
                    series.Add(line[..line.IndexOf('{', StringComparison.Ordinal)]);
                }
            }

            families.IntersectWith(series.Select(Family));
            return new Exported(instruments, series, families);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    // A histogram's family is served as name_bucket, name_sum and name_count.
    private static string Family(string series)
    {
        foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
        {
            if (series.EndsWith(suffix, StringComparison.Ordinal))
            {
                return series[..^suffix.Length];
            }
        }

        return series;
    }

    /// <summary>An instrument of the same kind, name and unit on <paramref name="meter"/>, with one value.</summary>
    private static void Copy(Meter meter, Instrument instrument)
    {
        var kind = instrument.GetType().GetGenericTypeDefinition();
        var (name, unit) = (instrument.Name, instrument.Unit);
        if (kind == typeof(Counter<>))
        {
            meter.CreateCounter<long>(name, unit).Add(1);
        }
        else if (kind == typeof(UpDownCounter<>))
        {
            meter.CreateUpDownCounter<long>(name, unit).Add(1);
        }
        else if (kind == typeof(Histogram<>))
        {
            meter.CreateHistogram<double>(name, unit).Record(1);
        }
        else if (kind == typeof(Gauge<>))
        {
            meter.CreateGauge<long>(name, unit).Record(1);
        }
        else if (kind == typeof(ObservableCounter<>))
        {
            meter.CreateObservableCounter(name, static () => 1L, unit);
        }
        else if (kind == typeof(ObservableUpDownCounter<>))
        {
            meter.CreateObservableUpDownCounter(name, static () => 1L, unit);
        }
        else if (kind == typeof(ObservableGauge<>))
        {
            meter.CreateObservableGauge(name, static () => 1L, unit);
        }
        else
        {
            throw new NotSupportedException($"{instrument.Name}: an instrument kind this test does not know ({kind.Name}); add it to Copy");
        }
    }
}

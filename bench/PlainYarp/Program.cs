using Sidecar.Telemetry;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

// A plain YARP reverse proxy, configured the way its getting-started guide does it: one catch-all route to one
// destination, every setting at its default. Usage: PlainYarp --listen http://127.0.0.1:PORT --upstream http://127.0.0.1:PORT
// GET /_bench/counters answers the process's counters so far, for the benchmark's per-request figures: managed bytes
// allocated, thread-pool work items completed (each one a hop onto a pool thread: socket completions, Kestrel's
// I/O queue, continuations) and contended lock acquisitions; the same figures Sidecar exports at /metrics.
// With SIDECAR_STAGE_TIMING=1 (bench/load/run.sh LOAD_STAGES=1) it stamps its stages as Sidecar does (StageTiming,
// the same source file): GET /_bench/stages, POST /_bench/stages/reset.
var listen = ArgumentAfter(args, "--listen");
var upstream = ArgumentAfter(args, "--upstream");
var timing = new StageTiming(["middleware entered", "YARP request built (transform)", "upstream answer's headers", "answer relayed (forwarder returned)", "response completed (Kestrel, OnCompleted)"], StageTiming.Enabled);

var builder = WebApplication.CreateBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls(listen);
var proxy = builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "upstream", Match = new RouteMatch { Path = "{**catch-all}" } }],
    [new ClusterConfig { ClusterId = "upstream", Destinations = new Dictionary<string, DestinationConfig> { ["one"] = new() { Address = upstream } } }]);
if (StageTiming.Enabled)
{
    proxy.AddTransforms(transforms =>
    {
        transforms.AddRequestTransform(context =>
        {
            Stamps(context.HttpContext)?.Mark(1);
            return ValueTask.CompletedTask;
        });
        transforms.AddResponseTransform(context =>
        {
            Stamps(context.HttpContext)?.Mark(2);
            return ValueTask.CompletedTask;
        });
    });
}

var app = builder.Build();
app.MapGet("/_bench/counters", () => string.Create(System.Globalization.CultureInfo.InvariantCulture,
    $"{GC.GetTotalAllocatedBytes(precise: false)} {ThreadPool.CompletedWorkItemCount} {Monitor.LockContentionCount}"));
if (StageTiming.Enabled)
{
    app.MapGet("/_bench/stages", () => Results.Text(timing.Report(), "text/tab-separated-values"));
    app.MapPost("/_bench/stages/reset", () => timing.Reset());
    app.Use(async (context, next) =>
    {
        var stamps = timing.Start(context);
        context.Items[typeof(StageTiming)] = stamps;
        await next(context);
        stamps?.Mark(3);
    });
}

app.MapReverseProxy();
app.Run();

static StageTiming.Stamps? Stamps(HttpContext context) => context.Items.TryGetValue(typeof(StageTiming), out var stamps) ? (StageTiming.Stamps?)stamps : null;

static string ArgumentAfter(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : throw new ArgumentException($"usage: PlainYarp --listen URL --upstream URL (missing {name})");
}

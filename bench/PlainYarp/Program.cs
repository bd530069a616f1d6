using Yarp.ReverseProxy.Configuration;

// A plain YARP reverse proxy, configured the way its getting-started guide does it: one catch-all route to one
// destination, every setting at its default. Usage: PlainYarp --listen http://127.0.0.1:PORT --upstream http://127.0.0.1:PORT
// GET /_bench/allocated answers the process's managed bytes allocated so far, for the benchmark's bytes-per-request.
var listen = ArgumentAfter(args, "--listen");
var upstream = ArgumentAfter(args, "--upstream");

var builder = WebApplication.CreateBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls(listen);
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "upstream", Match = new RouteMatch { Path = "{**catch-all}" } }],
    [new ClusterConfig { ClusterId = "upstream", Destinations = new Dictionary<string, DestinationConfig> { ["one"] = new() { Address = upstream } } }]);

var app = builder.Build();
app.MapGet("/_bench/allocated", () => GC.GetTotalAllocatedBytes(precise: false).ToString(System.Globalization.CultureInfo.InvariantCulture));
app.MapReverseProxy();
app.Run();

static string ArgumentAfter(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : throw new ArgumentException($"usage: PlainYarp --listen URL --upstream URL (missing {name})");
}

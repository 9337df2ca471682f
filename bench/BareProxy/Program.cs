using Yarp.ReverseProxy.Configuration;

// YARP with nothing of ours: one catch-all route to one destination, the library's defaults, no logging. The floor the
// gateway's own hop is measured against in bench/gateway-hop.sh: what it costs beyond this is our code.
// Usage: BareProxy <listen URL> <destination URL>
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls(args[0]);
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "service", Match = new RouteMatch { Path = "/{**rest}" } }],
    [new ClusterConfig { ClusterId = "service", Destinations = new Dictionary<string, DestinationConfig> { ["service"] = new() { Address = args[1] } } }]);
var app = builder.Build();
app.MapReverseProxy();
app.Run();

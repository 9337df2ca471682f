using System.Diagnostics;
using McpGateway.Deploy.Tests.Build;
using McpGateway.Deploy.Tests.Manifests;
using McpGateway.TestSupport;

namespace McpGateway.Deploy.Tests.Replicas;

/// <summary>
/// The product's Deployments of one rendered overlay started on this machine as processes, every replica at once, the
/// way a cluster would start them, with only what a cluster provides replaced: each replica listens on a loopback port
/// of its own instead of its pod's IP (so ASPNETCORE_HTTP_PORTS or PORT becomes that port), each Service is a
/// <see cref="ServiceProxy"/> (so an address such as `http://auth:8080` becomes the proxy's), and a path on a mounted
/// volume other than /tmp becomes a directory standing for that volume (one per pod for an emptyDir, one per claim for a
/// PersistentVolumeClaim, which its pods share). Every replacement is listed in <see cref="Replacements"/>. Secrets come
/// from the caller, as from the Secret a user creates.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(3) };
    private readonly Dictionary<(string Service, int Port), ServiceProxy> _proxies = [];
    private readonly List<PodReplica> _pods = [];

    private LocalCluster(RenderedManifests manifests) => Manifests = manifests;

    public RenderedManifests Manifests { get; }
    public IReadOnlyList<PodReplica> Pods => _pods;

    /// <summary>What differs from the manifests, one line each ("auth-0/auth: ASPNETCORE_HTTP_PORTS 8080 -> 41234").</summary>
    public List<string> Replacements { get; } = [];

    /// <summary>When every replica was started at once (UTC).</summary>
    public DateTime StartedAt { get; private set; }

    /// <summary>When each replica passed its readiness probe, from the start.</summary>
    public Dictionary<string, TimeSpan> ReadyAfter { get; } = [];

    /// <summary>The loopback address standing for a Service's port (as `http://gateway:80`).</summary>
    public Uri AddressOf(string service, int port) => new($"http://127.0.0.1:{_proxies[(service, port)].Port}");

    /// <summary>Starts every replica of every product Deployment at once and waits until all pass their readiness probe.</summary>
    public static async Task<LocalCluster> StartAsync(RenderedManifests manifests, Func<KeySelector, string?> secretValue, string directory, TimeSpan timeout)
    {
        var cluster = new LocalCluster(manifests);
        try
        {
            foreach (var service in manifests.Services.Where(s => s.Targets(manifests).Any(w => w.Product is not null)))
            {
                foreach (var port in service.Spec.Ports)
                {
                    cluster._proxies[(service.Name, port.Port)] = new ServiceProxy(service.Name, port.Port);
                }
            }
            foreach (var workload in manifests.ProductWorkloads)
            {
                // The images' content, published before the clock starts: a cluster pulls its images before it runs them.
                var entryAssembly = await PublishedImages.EntryAssemblyAsync(workload.Product!.Value);
                for (var index = 0; index < (workload.Replicas ?? 1); index++)
                {
                    cluster._pods.Add(cluster.Replica(workload, index, secretValue, entryAssembly, directory));
                }
            }
            // The first replica that fails stops the wait for the others, and is what the caller hears about.
            using var stop = new CancellationTokenSource(timeout);
            Exception? firstFailure = null;
            var started = Stopwatch.StartNew();
            cluster.StartedAt = DateTime.UtcNow;
            await Task.WhenAll(cluster._pods.Select(async pod =>
            {
                try
                {
                    await cluster.RunUntilReadyAsync(pod, started, timeout, stop.Token);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref firstFailure, e, null);
                    await stop.CancelAsync();
                }
            }));
            if (firstFailure is not null)
            {
                throw firstFailure;
            }
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private PodReplica Replica(Workload workload, int index, Func<KeySelector, string?> secretValue, string entryAssembly, string directory)
    {
        var port = PostgresServer.FreePort();
        var name = $"{workload.Name}-{index}";
        ContainerRun Run(Container container, bool main)
        {
            if (container.Command is not null)
            {
                throw new NotSupportedException($"{workload}/{container.Name}: a command other than the image's entrypoint");
            }
            // The image's environment, then the container's, as the container runtime merges them.
            var environment = new Dictionary<string, string>(ContainerImage.Of(workload.Product!.Value).Environment);
            foreach (var (key, value) in container.ResolveEnvironment(Manifests, secretValue))
            {
                environment[key] = value;
            }
            foreach (var (key, value) in environment.ToList())
            {
                var replaced = main && key is "ASPNETCORE_HTTP_PORTS" or "PORT" && value == HttpPort(workload).ToString()
                    ? port.ToString()
                    : VolumePath(workload, container, name, value, directory) ?? ServiceAddress(value);
                if (replaced != value)
                {
                    environment[key] = replaced;
                    Replacements.Add($"{name}/{container.Name}: {key} {value} -> {replaced}");
                }
            }
            return new ContainerRun(container.Name, container.Args ?? [], environment);
        }
        return new PodReplica(workload, index, port, [.. (workload.Pod.InitContainers ?? []).Select(c => Run(c, main: false))], Run(workload.MainContainer, main: true), entryAssembly, directory);
    }

    /// <summary>A path on one of the container's volumes (not /tmp, which is this machine's) to the directory standing for the volume.</summary>
    private static string? VolumePath(Workload workload, Container container, string pod, string value, string directory)
    {
        foreach (var mount in (container.VolumeMounts ?? []).Where(m => m.MountPath != "/tmp"))
        {
            var root = mount.MountPath.TrimEnd('/');
            if (value != root && !value.StartsWith(root + "/", StringComparison.Ordinal))
            {
                continue;
            }
            var volume = workload.Pod.Volumes!.Single(v => v.Name == mount.Name);
            var local = volume switch
            {
                { EmptyDir: not null } => Path.Combine(directory, "volumes", pod, volume.Name),
                { PersistentVolumeClaim: { } claim } => Path.Combine(directory, "claims", (string)claim["claimName"]!),
                _ => throw new NotSupportedException($"{pod}/{container.Name}: volume {volume.Name} is neither an emptyDir nor a claim"),
            };
            Directory.CreateDirectory(local);
            return local + value[root.Length..];
        }
        return null;
    }

    /// <summary>`http://auth:8080/...` (or `auth.<namespace>.svc...`) to the proxy standing for that Service port.</summary>
    private string ServiceAddress(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp
            || !_proxies.TryGetValue((uri.Host.Split('.')[0], uri.Port), out var proxy))
        {
            return value;
        }
        return new UriBuilder(uri) { Host = "127.0.0.1", Port = proxy.Port }.Uri.ToString().TrimEnd('/') + (value.EndsWith('/') ? "/" : "");
    }

    private static int HttpPort(Workload workload) => workload.MainContainer.Ports!.Single(p => p.Name == "http").Number;

    private async Task RunUntilReadyAsync(PodReplica pod, Stopwatch started, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await pod.StartAsync(timeout);
        var readiness = pod.Workload.MainContainer.ReadinessProbe?.HttpGet ?? throw new NotSupportedException($"{pod.Name}: no HTTP readiness probe");
        var probe = new Uri($"http://127.0.0.1:{pod.Port}{readiness.Path}");
        while (true)
        {
            if (pod.HasExited)
            {
                throw new InvalidOperationException($"{pod.Name} exited before it was ready:\n{pod.Output}");
            }
            if (cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{pod.Name} was not ready ({probe}) within {timeout.TotalSeconds} s:\n{pod.Output}");
            }
            try
            {
                using var response = await Probe.GetAsync(probe, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), CancellationToken.None);
        }
        lock (ReadyAfter)
        {
            ReadyAfter[pod.Name] = started.Elapsed;
        }
        foreach (var service in Manifests.Services.Where(s => s.Targets(Manifests).Contains(pod.Workload)))
        {
            foreach (var port in service.Spec.Ports)
            {
                if (port.TargetPort.Name != "http" && port.TargetPort.Number != HttpPort(pod.Workload))
                {
                    throw new NotSupportedException($"Service {service.Name} port {port.Port}: only the pods' http port is served here");
                }
                _proxies[(service.Name, port.Port)].AddReady(pod.Port);
            }
        }
    }

    /// <summary>
    /// Kills a replica outright (SIGKILL) and, once it is gone, takes it out of its Services, as a cluster does when the
    /// kubelet reports the container dead; until then (and on connections already open to it) clients see it fail.
    /// It is not restarted: the survivors carry the load.
    /// </summary>
    public async Task KillAsync(PodReplica pod)
    {
        await pod.KillAsync();
        foreach (var proxy in _proxies.Values.Where(p => Manifests.Services.Single(s => s.Name == p.Service).Targets(Manifests).Contains(pod.Workload)))
        {
            proxy.RemoveEndpoint(pod.Port);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_pods.Select(p => p.DisposeAsync().AsTask()));
        foreach (var proxy in _proxies.Values)
        {
            await proxy.DisposeAsync();
        }
    }
}

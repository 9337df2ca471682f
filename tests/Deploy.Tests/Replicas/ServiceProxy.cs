using System.Net;
using System.Net.Sockets;

namespace McpGateway.Deploy.Tests.Replicas;

/// <summary>
/// What kube-proxy does for one port of a Service, on loopback: each connection goes to the next ready endpoint, round
/// robin; with none ready the connection is refused (closed at once).
/// </summary>
public sealed class ServiceProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<int> _ready = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private int _next;

    public ServiceProxy(string service, int servicePort)
    {
        Service = service;
        ServicePort = servicePort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Service { get; }

    /// <summary>The Service's port in the manifests (what a client's address names).</summary>
    public int ServicePort { get; }

    /// <summary>Where this proxy listens on loopback instead.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Adds an endpoint that passed its readiness probe.</summary>
    public void AddReady(int port)
    {
        lock (_ready)
        {
            _ready.Add(port);
        }
    }

    /// <summary>Drops an endpoint whose pod died: the endpoints controller's reaction to the kubelet reporting it not ready.</summary>
    public void RemoveEndpoint(int port)
    {
        lock (_ready)
        {
            _ready.Remove(port);
        }
    }

    private int? NextEndpoint()
    {
        lock (_ready)
        {
            return _ready.Count == 0 ? null : _ready[_next++ % _ready.Count];
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        {
            if (NextEndpoint() is not { } port)
            {
                return;
            }
            using var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, port, _stopping.Token);
                var downstream = client.GetStream();
                var toUpstream = upstream.GetStream();
                // Either side closing ends the connection, as a TCP proxy does.
                await Task.WhenAny(downstream.CopyToAsync(toUpstream, _stopping.Token), toUpstream.CopyToAsync(downstream, _stopping.Token));
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stopping.Dispose();
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace McpGateway.Auth.OAuth.Clients;

/// <summary>Why a Client ID Metadata Document could not be used; the message is safe to show.</summary>
public sealed class ClientMetadataDocumentException(string message) : Exception(message);

/// <summary>A fetched document and how long it may be trusted.</summary>
public sealed record FetchedClientMetadataDocument(JsonElement Metadata, TimeSpan CacheDuration);

/// <summary>
/// Fetches Client ID Metadata Documents without letting a client_id aim this service at the inside of its network
/// (SSRF): only public addresses (unless <see cref="ClientMetadataDocumentSettings.AllowPrivateAddresses"/>), checked on
/// the address actually connected to (so a DNS answer that changes between check and use changes nothing), no proxy, no
/// redirects, one bounded time for the whole fetch and a bounded size.
/// </summary>
public sealed class ClientMetadataDocumentFetcher : IDisposable
{
    private readonly ClientMetadataDocumentSettings _settings;
    private readonly HttpClient _http;
    // Bounds how many fetches anonymous requests can make this service run at once.
    private readonly SemaphoreSlim _fetches = new(8, 8);

    public ClientMetadataDocumentFetcher(ClientMetadataDocumentSettings settings)
    {
        _settings = settings;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = settings.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            MaxResponseHeadersLength = 16,
            ConnectCallback = ConnectToPermittedAddressAsync,
        };
        _http = new HttpClient(handler) { Timeout = settings.Timeout, MaxResponseContentBufferSize = settings.MaxBytes };
    }

    public async Task<FetchedClientMetadataDocument> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.Timeout);
        if (!await _fetches.WaitAsync(_settings.Timeout, timeout.Token))
        {
            throw new ClientMetadataDocumentException("Too many client metadata documents are being fetched right now; try again shortly.");
        }
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new ClientMetadataDocumentException($"The client metadata document answered HTTP {(int)response.StatusCode}, not 200 (redirects are not followed).");
            }
            if (response.Content.Headers.ContentLength > _settings.MaxBytes)
            {
                throw TooLarge();
            }
            var body = await ReadBoundedAsync(response.Content, timeout.Token);
            JsonElement metadata;
            try
            {
                using var document = JsonDocument.Parse(body);
                metadata = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new ClientMetadataDocumentException("The client metadata document is not valid JSON.");
            }
            return new FetchedClientMetadataDocument(metadata, CacheDuration(response));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ClientMetadataDocumentException($"The client metadata document did not arrive within {_settings.Timeout.TotalSeconds:0} seconds.");
        }
        catch (HttpRequestException e)
        {
            throw e.InnerException as ClientMetadataDocumentException
                ?? new ClientMetadataDocumentException("The client metadata document could not be fetched (connection failed).");
        }
        finally
        {
            _fetches.Release();
        }
    }

    private async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[_settings.MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }
        return length > _settings.MaxBytes ? throw TooLarge() : buffer[..length];
    }

    private ClientMetadataDocumentException TooLarge() => new($"The client metadata document is larger than {_settings.MaxBytes} bytes.");

    /// <summary>The document's own Cache-Control, within the configured bounds.</summary>
    private TimeSpan CacheDuration(HttpResponseMessage response)
    {
        var cacheControl = response.Headers.CacheControl;
        var wanted = cacheControl switch
        {
            { NoStore: true } or { NoCache: true } => TimeSpan.Zero,
            { MaxAge: { } maxAge } => maxAge,
            _ => _settings.MaxCacheDuration,
        };
        return TimeSpan.FromTicks(Math.Clamp(wanted.Ticks, _settings.MinCacheDuration.Ticks, _settings.MaxCacheDuration.Ticks));
    }

    private async ValueTask<Stream> ConnectToPermittedAddressAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var permitted = addresses.Where(a => _settings.AllowPrivateAddresses || PublicAddresses.IsPublic(a)).ToArray();
        if (permitted.Length == 0)
        {
            throw new ClientMetadataDocumentException("The client metadata document's host is not a public address.");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(permitted, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _fetches.Dispose();
    }
}

using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpGateway.TestSupport;

/// <summary>
/// A real HTTP server on loopback that publishes Client ID Metadata Documents, as an MCP client's website would: each
/// document at its own path, answered with whatever status, headers and body a test sets, and every fetch counted.
/// </summary>
public sealed class MetadataDocumentServer : IAsyncDisposable
{
    private sealed record Reply(int Status, string Body, string? Location, string? CacheControl);

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Reply> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _fetches = new(StringComparer.Ordinal);

    private MetadataDocumentServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<MetadataDocumentServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new MetadataDocumentServer(app);
        app.Run(server.AnswerAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        server.BaseAddress = new Uri(app.Urls.Single());
        return server;
    }

    /// <summary>The URL a document at <paramref name="path"/> has: its client_id.</summary>
    public string UrlOf(string path) => new Uri(BaseAddress, path).AbsoluteUri;

    /// <summary>Publishes a client's metadata at <paramref name="path"/>, its `client_id` its own URL unless <paramref name="document"/> names one.</summary>
    public string Publish(string path, Dictionary<string, object?> document, string? cacheControl = null)
    {
        var url = UrlOf(path);
        document.TryAdd("client_id", url);
        _answers[new Uri(url).AbsolutePath] = new Reply(200, JsonSerializer.Serialize(document), null, cacheControl);
        return url;
    }

    /// <summary>Answers <paramref name="path"/> with anything at all: a status, a body, a redirect.</summary>
    public string Answer(string path, int status, string body, string? location = null)
    {
        var url = UrlOf(path);
        _answers[new Uri(url).AbsolutePath] = new Reply(status, body, location, null);
        return url;
    }

    public int FetchesOf(string url) => _fetches.GetValueOrDefault(new Uri(url).AbsolutePath);

    private async Task AnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        _fetches.AddOrUpdate(path, 1, (_, count) => count + 1);
        if (!_answers.TryGetValue(path, out var answer))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        if (answer.Location is not null)
        {
            context.Response.Headers.Location = answer.Location;
        }
        if (answer.CacheControl is not null)
        {
            context.Response.Headers.CacheControl = answer.CacheControl;
        }
        await context.Response.WriteAsync(answer.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

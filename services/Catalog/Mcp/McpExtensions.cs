using System.Text.RegularExpressions;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Mcp.Handlers;
using McpGateway.Catalog.Mcp.Metrics;
using McpGateway.Catalog.Mcp.Sessions;
using McpGateway.Catalog.Mcp.Views;
using McpGateway.ServiceDefaults.Authentication;
using McpGateway.ServiceDefaults.Authorization;
using Microsoft.EntityFrameworkCore;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;

namespace McpGateway.Catalog.Mcp;

public static partial class McpExtensions
{
    private static readonly string Version = typeof(McpExtensions).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";

    /// <summary>
    /// Virtual servers as MCP endpoints (ModelContextProtocol.AspNetCore): Streamable HTTP with `Mcp-Session-Id` sessions
    /// for initialize-handshake clients (2025-11-25 and earlier; resumable on any replica) and stateless requests for
    /// 2026-07-28 clients, the in-memory catalog view the handlers read, per-resource token audiences, and call metrics.
    /// </summary>
    public static IHostApplicationBuilder AddMcpEndpoints(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddPolicyEvaluation();
        services.AddHttpContextAccessor();
        services.AddSingleton(provider => McpSettings.FromConfiguration(builder.Configuration,
            PublicOrigin(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<TokenAuthenticationOptions>>().Value.Issuer)));

        services.AddSingleton<CatalogViews>();
        services.AddSingleton<CatalogChangeInterceptor>();
        services.ConfigureDbContext<CatalogContext>((provider, options) => options.AddInterceptors(provider.GetRequiredService<CatalogChangeInterceptor>()));
        services.AddHostedService<CatalogRevisionWatcher>();

        services.AddSingleton<VirtualServerRequest>();
        services.AddSingleton<UpstreamForwarder>();
        services.AddSingleton<ToolHandlers>();
        services.AddSingleton<ResourceHandlers>();
        services.AddSingleton<PromptHandlers>();
        services.AddSingleton<CompletionHandler>();
        services.AddSingleton<McpTelemetry>();
        services.AddSingleton<ToolCallMetrics>();
        services.AddHostedService<ToolMetricsFlusher>();
        services.AddSingleton<LegacySseSessions>();
        services.AddSingleton<VirtualServerEndpointGuard>();
        services.AddSingleton<StatelessToolCalls>();
        services.AddSingleton<ModelContextProtocol.AspNetCore.ISessionMigrationHandler, SharedSessionStore>();
        services.AddHostedService<McpSessionCleanup>();

        services.Configure<TokenAuthenticationOptions>(options =>
        {
            // RFC 8707: a token bound to one server's MCP endpoint is valid here; the guard checks it is this endpoint's.
            options.AudienceValidator = audience => ResourceAudience().IsMatch(audience) && audience.StartsWith(options.Issuer + "/servers/", StringComparison.Ordinal);
            options.ResourceMetadataAddress = context =>
                McpPath().Match(context.Request.Path.Value ?? "") is { Success: true } match
                    ? VirtualServerEndpointGuard.MetadataAddress(options.Issuer, match.Groups[1].Value)
                    : null;
        });

        services.AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = "mcpgateway", Version = Version };
                options.Capabilities = new ServerCapabilities
                {
                    Tools = new ToolsCapability(),
                    Resources = new ResourcesCapability(),
                    Prompts = new PromptsCapability(),
                    Completions = new CompletionsCapability(),
                };
            })
            .WithHttpTransport(transport =>
            {
                // Sessions for clients that open one (initialize), per-request for 2026-07-28 clients: both on one endpoint.
                transport.SessionMode = HttpServerSessionMode.StatefulForInitializeClients;
                transport.ConfigureSessionOptions = NameAfterVirtualServerAsync;
            })
            .WithListToolsHandler((request, ct) => request.Services!.GetRequiredService<ToolHandlers>().ListAsync(request, ct))
            .WithCallToolHandler((request, ct) => request.Services!.GetRequiredService<ToolHandlers>().CallAsync(request, ct))
            .WithListResourcesHandler((request, ct) => request.Services!.GetRequiredService<ResourceHandlers>().ListAsync(request, ct))
            .WithListResourceTemplatesHandler((request, ct) => request.Services!.GetRequiredService<ResourceHandlers>().ListTemplatesAsync(request, ct))
            .WithReadResourceHandler((request, ct) => request.Services!.GetRequiredService<ResourceHandlers>().ReadAsync(request, ct))
            .WithListPromptsHandler((request, ct) => request.Services!.GetRequiredService<PromptHandlers>().ListAsync(request, ct))
            .WithGetPromptHandler((request, ct) => request.Services!.GetRequiredService<PromptHandlers>().GetAsync(request, ct))
            .WithCompleteHandler((request, ct) => request.Services!.GetRequiredService<CompletionHandler>().CompleteAsync(request, ct));
        return builder;
    }

    /// <summary>`/servers/{id}/mcp` (Streamable HTTP), `/servers/{id}/sse` + `/message` (HTTP+SSE), the metrics API.</summary>
    public static WebApplication MapMcpEndpoints(this WebApplication app)
    {
        app.UseMiddleware<VirtualServerEndpointGuard>();
        app.UseMiddleware<StatelessToolCalls>();
        app.MapMcp("/servers/{id}/mcp").RequireAuthorization().WithMetadata(new VirtualServerEndpoint());
        app.MapLegacySse();
        app.MapMetricsApi();
        return app;
    }

    private static async Task NameAfterVirtualServerAsync(HttpContext context, ModelContextProtocol.Server.McpServerOptions options, CancellationToken cancellationToken)
    {
        var views = context.RequestServices.GetRequiredService<CatalogViews>();
        if (context.GetRouteValue(VirtualServerRequest.ServerIdRouteValue) is string id
            && (await views.CurrentAsync(cancellationToken)).Servers.TryGetValue(id, out var server))
        {
            options.ServerInfo = ServerInfo(server);
            options.ServerInstructions = server.Description;
        }
    }

    /// <summary>Who a virtual server says it is to its clients: its own name, this gateway's version.</summary>
    public static Implementation ServerInfo(VirtualServerView server) => new() { Name = server.Name, Version = Version };

    private static string PublicOrigin(string issuer) =>
        Uri.TryCreate(issuer, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : issuer;

    [GeneratedRegex("^https?://[^/]+(/[^?#]*)?/servers/[A-Za-z0-9_-]{1,64}/mcp$")]
    private static partial Regex ResourceAudience();

    [GeneratedRegex("^/servers/([A-Za-z0-9_-]{1,64})/(?:mcp|sse|message)$")]
    private static partial Regex McpPath();
}

using ModelContextProtocol.Client;

namespace McpGateway.Mcp.Tests;

/// <summary>
/// The MCP reference server from npm (server-everything, TypeScript SDK) federated by a virtual server: an MCP client
/// (the official C# SDK's) gets through the virtual server what it gets from server-everything directly, name prefix
/// aside - every tool with its schemas, every resource, template and prompt, and the same call, read and get results.
/// </summary>
public sealed class EverythingTests(SqliteMcpFactory factory) : IClassFixture<SqliteMcpFactory>, IAsyncLifetime
{
    private const string Slug = "everything";
    private EverythingServer _everything = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _everything = await EverythingServer.StartAsync(Cancel);

    public async ValueTask DisposeAsync() => await _everything.DisposeAsync();

    [Fact]
    public async Task A_virtual_server_federating_server_everything_answers_as_server_everything_does()
    {
        factory.Require();
        var developer = "dev-everything@example.com";
        var team = factory.Team("team-everything", [developer], (developer, "developer"));
        var gateway = await factory.Seed.GatewayAsync(_everything.Endpoint, Slug, developer, team, authType: "none", authValue: null);
        var registered = await factory.Seed.RegisterAsync(gateway.Id);
        Assert.True(registered.Reachable, registered.Error);
        var server = await factory.Seed.ServerAsync(developer, gateway.Id, team);
        await using var direct = await McpClients.ConnectAsync(new HttpClient(), _everything.Endpoint.AbsoluteUri, token: null);
        // The generation server-everything speaks, so that results differ in nothing the protocol revision adds.
        Assert.Equal(VirtualServerTests<SqliteMcpFactory>.Sessions, direct.NegotiatedProtocolVersion);
        await using var federated = await factory.ConnectAsync(server.Id, factory.Tokens.User(developer), direct.NegotiatedProtocolVersion);

        var directTools = await direct.ListToolsAsync(cancellationToken: Cancel);
        var federatedTools = (await federated.ListToolsAsync(cancellationToken: Cancel)).ToDictionary(t => t.Name);
        Assert.NotEmpty(directTools);
        Assert.Equal(directTools.Count, federatedTools.Count);
        foreach (var tool in directTools)
        {
            Assert.True(federatedTools.TryGetValue($"{Slug}-{tool.Name}", out var exposed), $"{tool.Name} is missing from the virtual server");
            Assert.Equal(McpJson.Renamed(tool.ProtocolTool, exposed.Name), McpJson.Of(exposed.ProtocolTool));
        }

        var directPrompts = await direct.ListPromptsAsync(cancellationToken: Cancel);
        var federatedPrompts = (await federated.ListPromptsAsync(cancellationToken: Cancel)).ToDictionary(p => p.Name);
        Assert.Equal(directPrompts.Count, federatedPrompts.Count);
        foreach (var prompt in directPrompts)
        {
            Assert.Equal(McpJson.Renamed(prompt.ProtocolPrompt, $"{Slug}-{prompt.Name}"), McpJson.Of(federatedPrompts[$"{Slug}-{prompt.Name}"].ProtocolPrompt));
        }

        Assert.Equal((await direct.ListResourcesAsync(cancellationToken: Cancel)).Select(r => r.Uri).Order(),
            (await federated.ListResourcesAsync(cancellationToken: Cancel)).Select(r => r.Uri).Order());
        Assert.Equal((await direct.ListResourceTemplatesAsync(cancellationToken: Cancel)).Select(t => t.UriTemplate).Order(),
            (await federated.ListResourceTemplatesAsync(cancellationToken: Cancel)).Select(t => t.UriTemplate).Order());

        foreach (var (tool, arguments) in new (string, Dictionary<string, object?>)[]
        {
            ("echo", new() { ["message"] = "hello through the gateway" }),
            ("get-sum", new() { ["a"] = 2, ["b"] = 40 }),
            ("get-tiny-image", new()),
        })
        {
            Assert.Equal(McpJson.Of(await direct.CallToolAsync(tool, arguments, cancellationToken: Cancel)),
                McpJson.Of(await federated.CallToolAsync($"{Slug}-{tool}", arguments, cancellationToken: Cancel)));
        }
        var resource = (await direct.ListResourcesAsync(cancellationToken: Cancel)).First();
        Assert.Equal(McpJson.Of(await direct.ReadResourceAsync(resource.Uri, cancellationToken: Cancel)),
            McpJson.Of(await federated.ReadResourceAsync(resource.Uri, cancellationToken: Cancel)));
        var simplePrompt = directPrompts.First(p => p.ProtocolPrompt.Arguments is null or { Count: 0 });
        Assert.Equal(McpJson.Of(await direct.GetPromptAsync(simplePrompt.Name, cancellationToken: Cancel)),
            McpJson.Of(await federated.GetPromptAsync($"{Slug}-{simplePrompt.Name}", cancellationToken: Cancel)));
    }
}

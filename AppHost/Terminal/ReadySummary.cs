using System.Text;
using McpGateway.AppHost.Hosting;
using McpGateway.AppHost.Resources;
using McpGateway.ServiceDefaults.Authentication;
using McpGateway.ServiceDefaults.Data;
using Microsoft.Extensions.Configuration;

namespace McpGateway.AppHost.Terminal;

/// <summary>What a person needs once everything is healthy: where to go, what runs where, where the data is.</summary>
public static class ReadySummary
{
    /// <summary>The line tests and scripts wait for, with the gateway's URL.</summary>
    public const string ReadyLinePrefix = "gateway ready: ";

    public static string Render(HostSettings settings, ResourceProcess gateway, IEnumerable<ResourceProcess> services, TimeSpan elapsed)
    {
        // The same configuration the services read (environment merged with .env), so each database is named as they resolve it.
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var url = settings.GatewayDisplayUrl;
        var adminEmail = configuration["PLATFORM_ADMIN_EMAIL"] is { Length: > 0 } email ? email : TokenAuthenticationOptions.DefaultPlatformAdminEmail;

        List<string[]> rows =
        [
            ["resource", "pid", "url", "database"],
            [gateway.Name, gateway.Id.ToString(), gateway.Url, "-"],
            .. services.Select(s => new[] { s.Name, s.Id.ToString(), s.Url, Database(configuration, s.Name) }),
        ];
        var widths = Enumerable.Range(0, 4).Select(c => rows.Max(r => r[c].Length)).ToArray();

        var text = new StringBuilder()
            .AppendLine()
            .AppendLine($"  MCP Gateway is running: healthy {elapsed.TotalSeconds:0.0} s after start")
            .AppendLine()
            .AppendLine($"  Gateway         {url}")
            .AppendLine($"  Health          {url}/health")
            // The password is PLATFORM_ADMIN_PASSWORD, or the one the auth service printed above on its first start.
            .AppendLine($"  Sign in         POST {url}/auth/email/login as {adminEmail} (PLATFORM_ADMIN_EMAIL), or curl -u with BASIC_AUTH_USER")
            .AppendLine($"  OIDC issuer     {url}/.well-known/openid-configuration")
            .AppendLine($"  Data directory  {settings.DataDirectory}")
            .AppendLine();
        foreach (var row in rows)
        {
            text.Append("  ").AppendLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        }
        return text
            .AppendLine()
            .AppendLine("  Press Ctrl+C to stop.")
            .AppendLine()
            .Append(ReadyLinePrefix).Append(settings.GatewayUrl)
            .ToString();
    }

    /// <summary>"SQLite /path/auth.db" or "PostgreSQL host:port/db schema auth": never credentials.</summary>
    private static string Database(IConfiguration configuration, string service)
    {
        try
        {
            return ServiceDatabase.Resolve(configuration, service).Describe();
        }
        catch (InvalidOperationException e)
        {
            return $"invalid setting: {e.Message}";
        }
    }
}

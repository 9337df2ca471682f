using System.Text;
using McpGateway.AppHost.Hosting;

namespace McpGateway.AppHost.Terminal;

/// <summary>What a person needs once the gateway is healthy: where to go, how to sign in, where the data and the dashboard are.</summary>
public static class ReadySummary
{
    /// <summary>The line tests and scripts wait for, with the gateway's URL.</summary>
    public const string ReadyLinePrefix = "gateway ready: ";

    public static string Render(HostSettings settings, string? dashboardLoginUrl, IReadOnlyDictionary<string, string> resourceUrls, TimeSpan elapsed)
    {
        var url = settings.GatewayDisplayUrl;
        var adminEmail = Setting("PLATFORM_ADMIN_EMAIL") ?? "admin@example.com";
        var password = Setting("PLATFORM_ADMIN_PASSWORD") is null ? "the generated password (framed above on its first start)" : "PLATFORM_ADMIN_PASSWORD";
        var basicUser = Setting("BASIC_AUTH_USER") ?? adminEmail;
        var databases = ProductResources.Services.ToDictionary(s => s, s => DatabaseDescription.For(s, settings.DataDirectory));
        var allSqliteAtHome = databases.All(d => d.Value == $"SQLite {Path.Combine(settings.DataDirectory, d.Key + ".db")}");

        var text = new StringBuilder()
            .AppendLine()
            .AppendLine($"  MCP Gateway is running: healthy {elapsed.TotalSeconds:0.0} s after start")
            .AppendLine()
            .AppendLine($"  Gateway     {url}   (health: {url}/health)")
            .AppendLine($"  Admin UI    {url}/admin")
            .AppendLine($"  Sign in     {adminEmail} with {password}")
            .AppendLine($"              POST {url}/auth/email/login, or HTTP Basic: curl -u {basicUser}:... {url}/...")
            .AppendLine($"  OIDC        {url}/.well-known/openid-configuration")
            .AppendLine($"  Dashboard   {dashboardLoginUrl ?? "(not running)"}   (logs, traces, metrics)")
            .AppendLine($"  Data        {(allSqliteAtHome ? $"SQLite files in {settings.DataDirectory}" : $"{settings.DataDirectory} (databases below)")}")
            .AppendLine();
        foreach (var name in ProductResources.All)
        {
            var database = databases.GetValueOrDefault(name, "");
            text.AppendLine($"  {name,-8}  {resourceUrls.GetValueOrDefault(name, "?"),-24}  {(allSqliteAtHome ? "" : database)}".TrimEnd());
        }
        return text
            .AppendLine()
            .AppendLine("  Press Ctrl+C to stop.")
            .AppendLine()
            .Append(ReadyLinePrefix).Append(settings.GatewayUrl)
            .ToString();
    }

    private static string? Setting(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}

namespace McpGateway.Auth.Model;

/// <summary>One request made with an API token (`token_usage_logs`).</summary>
public class TokenUsageLog
{
    public long Id { get; set; }
    public string TokenJti { get; set; } = "";
    public string UserEmail { get; set; } = "";
    public DateTime Timestamp { get; set; } = DateTime.UtcNow;
    public string Endpoint { get; set; } = "";
    public string Method { get; set; } = "";
    public string? IpAddress { get; set; }
    public int? StatusCode { get; set; }
    public int? ResponseTimeMs { get; set; }
}

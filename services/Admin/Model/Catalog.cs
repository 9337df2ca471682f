namespace McpGateway.Admin.Model;

// The catalog's gateways and tools (snake_case on the wire). A gateway's credentials are write-only: the API says which
// kind it has (auth_type, auth_value_set), never the secret, and these records do not even have a field for it.

public sealed record GatewaySummary(
    string Id, string Name, string Url, string? Description, string Transport, string AuthType, bool AuthValueSet,
    bool Reachable, bool Enabled, DateTime? LastSeenAt, DateTime? LastRefreshedAt, List<string> Tags, string? TeamId,
    string OwnerEmail, string Visibility);

public sealed record GatewayPage(List<GatewaySummary> Items, int Total, int Skip, int Limit);

public sealed record ToolSummary(
    string Id, string Name, string? DisplayName, string? Description, string? GatewayId, bool Reachable, bool Enabled,
    List<string> Tags, string? TeamId, string Visibility);

public sealed record ToolPage(List<ToolSummary> Items, int Total, int Skip, int Limit);

public sealed record RefreshResult(string GatewayId, bool Reachable, int Tools, int Resources, int ResourceTemplates, int Prompts);

public sealed record ToolDetail(
    string Id, string Name, string? DisplayName, string? Description, string? GatewayId, bool Reachable, bool Enabled,
    System.Text.Json.JsonElement InputSchema, List<string> Tags, string? TeamId, string Visibility);

public sealed record ServerSummary(
    string Id, string Name, string? Description, List<string> AssociatedTools, List<string> AssociatedResources,
    List<string> AssociatedPrompts, bool Enabled, List<string> Tags, string? TeamId, string OwnerEmail, string Visibility);

public sealed record ServerPage(List<ServerSummary> Items, int Total, int Skip, int Limit);

/// <summary>A resource or a prompt as a choice when composing a server (ids and names; resources also their URI).</summary>
public sealed record MemberSummary(string Id, string Name, string? Uri, string? Description);

public sealed record MemberPage(List<MemberSummary> Items, int Total, int Skip, int Limit);

// The catalog's import report (`POST /import`): totals and one line per entity.

public sealed record ImportProgress(int Total, int Processed, int Created, int Updated, int Skipped, int Failed);

public sealed record ImportedEntity(string Type, string SourceName, string? SourceId, string Action, string? Id, string? Name, string? TeamId, string? Reason);

public sealed record ImportReport(
    string ImportId, string Status, bool DryRun, string ConflictStrategy, ImportProgress Progress, List<ImportedEntity> Entities,
    List<string> Errors, List<string> Warnings);

/// <summary>A tool's or server's call metrics (`GET /tools/{id}/metrics`, `/servers/{id}/metrics`); times in seconds.</summary>
public sealed record CallMetrics(
    long TotalExecutions, long SuccessfulExecutions, long FailedExecutions, double FailureRate, double? AvgResponseTime,
    DateTime? LastExecutionTime, double? P50ResponseTime, double? P95ResponseTime, double? P99ResponseTime);

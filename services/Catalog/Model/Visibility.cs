namespace McpGateway.Catalog.Model;

/// <summary>Who may see a catalog entity (ContextForge v0.7): its owner, its team, or everyone.</summary>
public enum Visibility
{
    Private,
    Team,
    Public,
}

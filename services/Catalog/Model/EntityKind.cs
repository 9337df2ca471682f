namespace McpGateway.Catalog.Model;

/// <summary>A kind of catalog entity as the API and the permission catalog name it: `tools` → `tools.create`, ...</summary>
public sealed record EntityKind(string Plural, string Singular)
{
    public static readonly EntityKind Gateways = new("gateways", "gateway");
    public static readonly EntityKind Servers = new("servers", "server");
    public static readonly EntityKind Tools = new("tools", "tool");
    public static readonly EntityKind Resources = new("resources", "resource");
    public static readonly EntityKind Prompts = new("prompts", "prompt");

    public static IReadOnlyList<EntityKind> All { get; } = [Gateways, Tools, Resources, Prompts, Servers];

    public string Create => $"{Plural}.create";
    public string Read => $"{Plural}.read";
    public string Update => $"{Plural}.update";
    public string Delete => $"{Plural}.delete";

    public static EntityKind? Named(string plural) => All.FirstOrDefault(k => k.Plural == plural);
}

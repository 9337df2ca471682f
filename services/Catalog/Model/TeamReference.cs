namespace McpGateway.Catalog.Model;

/// <summary>
/// A team as the catalog names it to people: id, name and slug, kept from the teams service's events. Exports carry
/// these so an import into another deployment can find the same team by its slug; decisions never read them (the
/// policy projection decides).
/// </summary>
public class TeamReference
{
    public string TeamId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public bool IsPersonal { get; set; }
}

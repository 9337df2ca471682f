namespace McpGateway.Contracts;

// catalog → catalog (its other replicas): what a replica must know to keep its in-memory view of the catalog current.

/// <summary>
/// Catalog entities changed in a committed transaction: <paramref name="Kinds"/> names which (`gateways`, `servers`,
/// `tools`, `resources`, `prompts`). Every replica drops what it derived from them (the virtual servers' MCP view) and
/// reads them again; the event carries no entity, so it can never reveal one to a consumer that should not see it.
/// </summary>
public sealed record CatalogChanged(IReadOnlyList<string> Kinds) : IntegrationEvent;

using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Security;
using McpGateway.Catalog.Tenancy;

namespace McpGateway.Catalog.Apis;

/// <summary>What every catalog endpoint works with, bundled for `[AsParameters]`.</summary>
public sealed record CatalogServices(
    CatalogContext Db,
    CatalogAccess Access,
    EntityQueries Queries,
    Placement Placement,
    CredentialVault Vault,
    CatalogChanges Changes,
    TimeProvider Time)
{
    public DateTime Now => Time.GetUtcNow().UtcDateTime;
}

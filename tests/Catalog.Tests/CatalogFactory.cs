using McpGateway.Catalog.Infrastructure;
using McpGateway.TestSupport;

namespace McpGateway.Catalog.Tests;

/// <summary>The catalog service in-process, on a real database it migrates itself at start-up, as in production.</summary>
public abstract class CatalogFactory(TestDatabase database) : ServiceFactory<Program>(CatalogContext.ServiceName, database);

public sealed class SqliteCatalogFactory() : CatalogFactory(new SqliteTestDatabase());

public sealed class PostgresCatalogFactory() : CatalogFactory(new PostgresTestDatabase());

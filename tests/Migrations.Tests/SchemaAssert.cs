using System.Data.Common;
using McpGateway.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace McpGateway.Migrations.Tests;

/// <summary>Checks that the database a service migrated has exactly the tables and columns its EF model expects.</summary>
public static class SchemaAssert
{
    private static readonly HashSet<string> EfTables = ["__EFMigrationsHistory", "__EFMigrationsLock"];

    public static async Task MatchesModelAsync(string service, ServiceDatabase database)
    {
        await using var context = ServiceSchemas.CreateContext(service, database);
        var expected = ExpectedColumns(context);
        var actual = await ActualColumnsAsync(context, database);

        Assert.Equal(expected.Keys.Order(), actual.Keys.Where(t => !EfTables.Contains(t)).Order());
        foreach (var (table, columns) in expected)
        {
            Assert.Equal(columns.OrderBy(c => c.Key), actual[table].OrderBy(c => c.Key));
        }
    }

    /// <summary>table → column → nullable, from the design-time model (it keeps every relational annotation).</summary>
    private static Dictionary<string, Dictionary<string, bool>> ExpectedColumns(DbContext context)
    {
        var model = context.GetService<IDesignTimeModel>().Model;
        var tables = new Dictionary<string, Dictionary<string, bool>>();
        foreach (var entity in model.GetEntityTypes())
        {
            if (entity.GetTableName() is not { } table)
            {
                continue;
            }
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var columns = tables.TryGetValue(table, out var existing) ? existing : tables[table] = [];
            foreach (var property in entity.GetProperties())
            {
                columns[property.GetColumnName(store)!] = property.IsColumnNullable(store);
            }
        }
        return tables;
    }

    private static async Task<Dictionary<string, Dictionary<string, bool>>> ActualColumnsAsync(DbContext context, ServiceDatabase database)
    {
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = new Dictionary<string, Dictionary<string, bool>>();
        if (database.Provider == DatabaseProvider.Postgres)
        {
            await foreach (var row in QueryAsync(connection,
                $"SELECT table_name, column_name, is_nullable = 'YES' FROM information_schema.columns WHERE table_schema = '{database.Schema}'"))
            {
                Add(tables, (string)row[0], (string)row[1], (bool)row[2]);
            }
            return tables;
        }
        var names = new List<string>();
        await foreach (var row in QueryAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
        {
            names.Add((string)row[0]);
        }
        foreach (var table in names)
        {
            await foreach (var row in QueryAsync(connection, $"SELECT name, \"notnull\" FROM pragma_table_info('{table}')"))
            {
                Add(tables, table, (string)row[0], Convert.ToInt64(row[1]) == 0);
            }
        }
        return tables;
    }

    private static void Add(Dictionary<string, Dictionary<string, bool>> tables, string table, string column, bool nullable) =>
        (tables.TryGetValue(table, out var columns) ? columns : tables[table] = [])[column] = nullable;

    private static async IAsyncEnumerable<object[]> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            yield return row;
        }
    }
}

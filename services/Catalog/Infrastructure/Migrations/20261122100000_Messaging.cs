using McpGateway.Catalog.Infrastructure;
using McpGateway.ServiceDefaults.Messaging.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpGateway.Catalog.Infrastructure.Migrations;

/// <summary>The messaging tables (MessagingTablesV1): outbox and its lease, inbox, parked messages, the persisted deny-list.</summary>
[DbContext(typeof(CatalogContext))]
[Migration("20261122100000_Messaging")]
public partial class Messaging : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => MessagingTablesV1.Create(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => MessagingTablesV1.Drop(migrationBuilder);
}

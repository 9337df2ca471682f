using McpGateway.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace McpGateway.ServiceDefaults.Authorization.Persistence;

/// <summary>The `policy_*` tables: mapped with <see cref="AddPolicyProjection"/>, created with <see cref="CreatePolicyProjectionTables"/>.</summary>
public static class ProjectionModel
{
    /// <summary>Maps the projection's rows; call in OnModelCreating before UseSnakeCaseColumns.</summary>
    public static ModelBuilder AddPolicyProjection(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ProjectedTeam>(e =>
        {
            e.ToTable("policy_teams");
            e.HasKey(t => t.TeamId);
            e.Property(t => t.CreatedBy).IsRequired();
        });
        modelBuilder.Entity<ProjectedMembership>(e =>
        {
            e.ToTable("policy_memberships");
            e.HasKey(m => new { m.TeamId, m.Principal });
            e.Property(m => m.Role).IsRequired();
            e.HasIndex(m => m.Principal);
        });
        modelBuilder.Entity<ProjectedRole>(e =>
        {
            e.ToTable("policy_roles");
            e.HasKey(r => r.RoleId);
            e.Property(r => r.Name).IsRequired();
            e.Property(r => r.Permissions).HasStringListConversion();
        });
        modelBuilder.Entity<ProjectedAssignment>(e =>
        {
            e.ToTable("policy_assignments");
            e.HasKey(a => a.AssignmentId);
            e.Property(a => a.Principal).IsRequired();
            e.Property(a => a.RoleId).IsRequired();
            e.Property(a => a.Scope).IsRequired();
            e.HasIndex(a => a.Principal);
            e.HasIndex(a => a.ScopeId);
        });
        return modelBuilder;
    }

    /// <summary>Creates the `policy_*` tables in a hand-written migration (no store types: one migration, both providers).</summary>
    public static void CreatePolicyProjectionTables(this MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("policy_teams", t => new
        {
            team_id = t.Column<string>(nullable: false),
            is_personal = t.Column<bool>(nullable: false),
            is_public = t.Column<bool>(nullable: false),
            created_by = t.Column<string>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_policy_teams", x => x.team_id));
        migrationBuilder.CreateTable("policy_memberships", t => new
        {
            team_id = t.Column<string>(nullable: false),
            principal = t.Column<string>(nullable: false),
            role = t.Column<string>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_policy_memberships", x => new { x.team_id, x.principal }));
        migrationBuilder.CreateTable("policy_roles", t => new
        {
            role_id = t.Column<string>(nullable: false),
            name = t.Column<string>(nullable: false),
            permissions = t.Column<string>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_policy_roles", x => x.role_id));
        migrationBuilder.CreateTable("policy_assignments", t => new
        {
            assignment_id = t.Column<string>(nullable: false),
            principal = t.Column<string>(nullable: false),
            role_id = t.Column<string>(nullable: false),
            scope = t.Column<string>(nullable: false),
            scope_id = t.Column<string>(nullable: true),
            expires_at = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("pk_policy_assignments", x => x.assignment_id));
        migrationBuilder.CreateIndex("ix_policy_memberships_principal", "policy_memberships", ["principal"]);
        migrationBuilder.CreateIndex("ix_policy_assignments_principal", "policy_assignments", ["principal"]);
        migrationBuilder.CreateIndex("ix_policy_assignments_scope_id", "policy_assignments", ["scope_id"]);
    }

    public static void DropPolicyProjectionTables(this MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "policy_assignments", "policy_roles", "policy_memberships", "policy_teams" })
        {
            migrationBuilder.DropTable(table);
        }
    }
}

namespace McpGateway.Deploy.Tests.Settings;

/// <summary>Which processes read a setting. <see cref="Migrate"/> is a service's `migrate` init container.</summary>
[Flags]
public enum Readers
{
    None = 0,
    Gateway = 1,
    Auth = 2,
    Teams = 4,
    Catalog = 8,
    Migrate = 16,
    Admin = 32,
    Services = Auth | Teams | Catalog,
    All = Gateway | Services | Admin,
}

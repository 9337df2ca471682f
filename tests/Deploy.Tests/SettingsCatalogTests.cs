using McpGateway.Deploy.Tests.Manifests;
using McpGateway.Deploy.Tests.Settings;

namespace McpGateway.Deploy.Tests;

/// <summary>The settings catalog says what the code reads: no more, no less, and by whom.</summary>
public sealed class SettingsCatalogTests
{
    private static readonly Component[] Components = Enum.GetValues<Component>();

    [Fact]
    public void Every_setting_the_sources_read_is_in_the_catalog()
    {
        var missing = SourceCode.ConfigurationKeys()
            .Where(k => !SettingsCatalog.NotSettings.Contains(k.Key) && !SettingsCatalog.All.Any(s => s.Name == k.Key))
            .Select(k => $"{k.Key} (read in {k.Value})")
            .ToList();

        Assert.True(missing.Count == 0,
            "Settings the code reads that Settings/SettingsCatalog.cs does not list (add each with its readers):\n" + string.Join("\n", missing));
    }

    [Fact]
    public void The_scan_finds_the_settings_read_in_each_way()
    {
        var keys = SourceCode.ConfigurationKeys().Keys.ToHashSet();

        // A literal UPPER_SNAKE name, configuration["..."], GetValue("...") and GetConnectionString("...").
        Assert.Superset(new HashSet<string> { "AUTH_ENCRYPTION_SECRET", "HOST", "PORT", "services__auth__http__0", "ConnectionStrings__rabbitmq" }, keys);
    }

    [Fact]
    public void Each_setting_is_read_by_exactly_the_processes_the_catalog_names()
    {
        var wrong = new List<string>();
        foreach (var setting in SettingsCatalog.All.Where(s => s.Framework is null))
        {
            foreach (var component in Components)
            {
                var declared = setting.ReadBy.HasFlag(ReaderOf(component));
                var read = SourceCode.Contains(component, setting.EvidenceInSources);
                if (declared != read)
                {
                    wrong.Add(declared
                        ? $"{setting}: the catalog says {component} reads it, but no source of {component} contains {string.Join(" or ", setting.EvidenceInSources)}"
                        : $"{setting}: {component}'s sources read it ({string.Join(" or ", setting.EvidenceInSources)}), but the catalog does not name {component}");
                }
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void A_required_setting_is_read_by_whoever_must_get_it()
    {
        var wrong = SettingsCatalog.All.Where(s => (s.RequiredBy & ~s.ReadBy) != Readers.None).ToList();

        Assert.Empty(wrong);
    }

    [Fact]
    public void Settings_are_listed_once()
    {
        var duplicates = SettingsCatalog.All.GroupBy(s => s.Name).Where(g => g.Count() > 1).Select(g => g.Key);

        Assert.Empty(duplicates);
    }

    public static Readers ReaderOf(Component component) => component switch
    {
        Component.Gateway => Readers.Gateway,
        Component.Auth => Readers.Auth,
        Component.Teams => Readers.Teams,
        Component.Catalog => Readers.Catalog,
        Component.Admin => Readers.Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(component)),
    };
}

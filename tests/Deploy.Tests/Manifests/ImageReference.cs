namespace McpGateway.Deploy.Tests.Manifests;

/// <summary>`registry/repository:tag@sha256:digest`, each part optional but the repository.</summary>
public sealed record ImageReference(string Repository, string? Tag, string? Digest)
{
    public static ImageReference Parse(string image)
    {
        var (name, digest) = image.Split('@', 2) is [var n, var d] ? (n, d) : (image, null);
        // A colon after the last slash is the tag; one before it is a registry's port.
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? new ImageReference(name[..colon], name[(colon + 1)..], digest) : new ImageReference(name, null, digest);
    }

    /// <summary>Whether this is <paramref name="repository"/> (`mcp-gateway/auth`) in any registry.</summary>
    public bool IsRepository(string repository) =>
        Repository == repository || Repository.EndsWith("/" + repository, StringComparison.Ordinal);
}

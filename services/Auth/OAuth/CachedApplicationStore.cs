using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

namespace McpGateway.Auth.OAuth;

/// <summary>
/// OpenIddict's EF Core application store, with the lookup of a client by its client_id (every token request's first
/// step) kept for <see cref="Lifetime"/> in the process: OpenIddict's own cache lives for one request only, so without
/// this every client_credentials grant would start with a database query. Changes made here drop the entry at once; a
/// change made by another replica (a refreshed metadata document) shows here within <see cref="Lifetime"/>. Unknown
/// client_ids are never kept, so guessing cannot fill the cache.
/// </summary>
public sealed class CachedApplicationStore(
    IMemoryCache cache, IOpenIddictEntityFrameworkCoreContext context, IOptionsMonitor<OpenIddictEntityFrameworkCoreOptions> options, ClientLookups lookups)
    : OpenIddictEntityFrameworkCoreApplicationStore(cache, context, options)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    public override async ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindByClientIdAsync(string identifier, CancellationToken cancellationToken)
    {
        if (lookups.Cache.TryGetValue(identifier, out OpenIddictEntityFrameworkCoreApplication? known))
        {
            return known;
        }
        var found = await base.FindByClientIdAsync(identifier, cancellationToken);
        if (found is not null)
        {
            lookups.Cache.Set(identifier, found, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime, Size = 1 });
        }
        return found;
    }

    public override async ValueTask UpdateAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken)
    {
        Forget(application);
        try
        {
            await base.UpdateAsync(application, cancellationToken);
        }
        finally
        {
            Forget(application);
        }
    }

    public override async ValueTask DeleteAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken)
    {
        Forget(application);
        await base.DeleteAsync(application, cancellationToken);
    }

    private void Forget(OpenIddictEntityFrameworkCoreApplication application)
    {
        if (application.ClientId is { } clientId)
        {
            lookups.Cache.Remove(clientId);
        }
    }
}

/// <summary>The process-wide cache behind <see cref="CachedApplicationStore"/>: at most 10,000 clients.</summary>
public sealed class ClientLookups : IDisposable
{
    public MemoryCache Cache { get; } = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public void Dispose() => Cache.Dispose();
}

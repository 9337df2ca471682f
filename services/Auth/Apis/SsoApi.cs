using McpGateway.Auth.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Apis;

/// <summary>Sign-in through upstream identity providers (GitHub, Google, generic OIDC).</summary>
public static class SsoApi
{
    public static RouteGroupBuilder MapSsoApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/auth/sso");
        // The login page lists these before anyone is signed in.
        api.MapGet("/providers", GetProvidersAsync).AllowAnonymous();
        return api;
    }

    /// <summary>The enabled providers, by name: what a login page needs to offer them, never their client ids or secrets.</summary>
    public static async Task<Ok<List<SsoProviderSummary>>> GetProvidersAsync(AuthContext context, CancellationToken cancellationToken)
    {
        var providers = await context.SsoProviders
            .AsNoTracking()
            .Where(p => p.IsEnabled)
            .OrderBy(p => p.Name)
            .Select(p => new { p.Id, p.Name, p.DisplayName, p.ProviderType })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(providers
            .Select(p => new SsoProviderSummary(p.Id, p.Name, p.DisplayName, p.ProviderType.ToString().ToLowerInvariant()))
            .ToList());
    }
}

public sealed record SsoProviderSummary(string Id, string Name, string DisplayName, string ProviderType);

using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using McpGateway.Auth.Security;
using McpGateway.Auth.Sso;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Apis;

/// <summary>
/// Providers configured at runtime, platform administrators only (`/auth/sso/admin/providers`). The flow reads the table
/// at every sign-in, so a change applies at once on every replica, without a restart. Client secrets are encrypted at rest
/// and never returned (masked). Providers the environment configures are rewritten from it at the next start.
/// </summary>
public static class SsoProvidersAdminApi
{
    public const string Mask = "********";

    public static RouteGroupBuilder MapSsoProvidersAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/auth/sso/admin/providers").WithTags("SSO").RequireAuthorization(TokenAuthenticationDefaults.PlatformAdminPolicy);
        api.MapGet("", ListAsync);
        api.MapPost("", CreateAsync);
        api.MapGet("/{id}", GetAsync);
        api.MapPut("/{id}", UpdateAsync);
        api.MapDelete("/{id}", DeleteAsync);
        return api;
    }

    public static async Task<Ok<List<SsoProviderResponse>>> ListAsync(AuthContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.SsoProviders.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken)).Select(SsoProviderResponse.From).ToList());

    public static async Task<Results<Ok<SsoProviderResponse>, ProblemHttpResult>> GetAsync(string id, AuthContext db, CancellationToken cancellationToken) =>
        await FindAsync(db, id, cancellationToken) is { } provider ? TypedResults.Ok(SsoProviderResponse.From(provider)) : NotFound();

    public static async Task<Results<Created<SsoProviderResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        SsoProviderRequest? body, AuthContext db, SecretProtector protector, TimeProvider time, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return Validation.MissingBody("id", "provider_type", "client_id");
        }
        var validation = new Validation()
            .Check(SsoProviderIds.Valid(body.Id), "id", $"id is {SsoProviderIds.Rule}.");
        if (Validate(body, validation, creating: true) is { } invalid)
        {
            return invalid;
        }
        if (await db.SsoProviders.AnyAsync(p => p.Id == body.Id || p.Name == (body.Name ?? body.Id), cancellationToken))
        {
            return ApiProblems.Conflict("A provider with this id or name already exists.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var provider = new SsoProvider { Id = body.Id!, CreatedAt = now };
        Apply(provider, body, protector, now);
        db.SsoProviders.Add(provider);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return ApiProblems.Conflict("A provider with this id or name already exists.");
        }
        return TypedResults.Created($"/auth/sso/admin/providers/{provider.Id}", SsoProviderResponse.From(provider));
    }

    /// <summary>Replaces the provider's settings; a missing or masked `client_secret` keeps the stored one, an empty one removes it.</summary>
    public static async Task<Results<Ok<SsoProviderResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, SsoProviderRequest? body, AuthContext db, SecretProtector protector, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, id, cancellationToken) is not { } provider)
        {
            return NotFound();
        }
        if (body is null)
        {
            return Validation.MissingBody("provider_type", "client_id");
        }
        var validation = new Validation().Check(body.Id is null || body.Id == id, "id", "id cannot change.");
        if (Validate(body, validation, creating: false) is { } invalid)
        {
            return invalid;
        }
        Apply(provider, body with { Name = body.Name ?? provider.Name }, protector, time.GetUtcNow().UtcDateTime);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return ApiProblems.Conflict("Another provider has this name.");
        }
        return TypedResults.Ok(SsoProviderResponse.From(provider));
    }

    /// <summary>Deletes the provider; teams learns it (<see cref="SsoProviderDeleted"/>) and takes away the memberships it granted.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, AuthContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, id, cancellationToken) is not { } provider)
        {
            return NotFound();
        }
        db.SsoProviders.Remove(provider);
        db.AddIntegrationEvent(new SsoProviderDeleted(provider.Id) { OccurredAt = time.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static ValidationProblem? Validate(SsoProviderRequest body, Validation validation, bool creating)
    {
        var type = ParseType(body.ProviderType);
        validation
            .Check(type is not null, "provider_type", "provider_type is github, google or oidc.")
            .Required("client_id", body.ClientId)
            .Check(body.DisplayName is null or { Length: <= 200 }, "display_name", "display_name has at most 200 characters.")
            .Check(body.Name is null || SsoProviderIds.Valid(body.Name), "name", $"name is {SsoProviderIds.Rule}.")
            .Check(body.Scope is null or { Length: <= 500 }, "scope", "scope has at most 500 characters.")
            .Check(body.ClientId is null or { Length: <= 500 }, "client_id", "client_id has at most 500 characters.")
            .Check(body.ClientSecret is null or { Length: <= 2000 }, "client_secret", "client_secret has at most 2,000 characters.")
            .Check(type != SsoProviderType.Oidc || Url(body.Issuer, required: true), "issuer", "An OpenID Connect provider needs its issuer, an absolute http(s) URL.")
            .Check(Url(body.Issuer, required: false), "issuer", "issuer is an absolute http(s) URL.")
            .Check(Url(body.AuthorizationUrl, required: false), "authorization_url", "authorization_url is an absolute http(s) URL.")
            .Check(Url(body.TokenUrl, required: false), "token_url", "token_url is an absolute http(s) URL.")
            .Check(Url(body.UserinfoUrl, required: false), "userinfo_url", "userinfo_url is an absolute http(s) URL.")
            .Check(Url(body.JwksUri, required: false), "jwks_uri", "jwks_uri is an absolute http(s) URL.")
            .Check((body.TrustedDomains ?? []).All(d => d is { Length: > 0 and <= 253 } && !d.Contains('@') && !d.Contains(' ')), "trusted_domains",
                "trusted_domains are domain names.")
            .Check((body.TeamMapping?.Rules ?? []).All(r => r.Group is { Length: > 0 and <= 256 } && r.Team is { Length: > 0 and <= 128 }
                && SsoTeamMapping.Roles.Contains(r.Role)), "team_mapping", "Each team_mapping rule has a group, a team and a role (owner or member).");
        return validation.Problem;
    }

    private static void Apply(SsoProvider provider, SsoProviderRequest body, SecretProtector protector, DateTime now)
    {
        var type = ParseType(body.ProviderType)!.Value;
        provider.Name = body.Name ?? provider.Id;
        provider.DisplayName = body.DisplayName ?? provider.Id;
        provider.ProviderType = type;
        provider.ClientId = body.ClientId!.Trim();
        if (body.ClientSecret is { } secret && secret != Mask)
        {
            provider.ClientSecretEncrypted = SsoSecrets.Protect(protector, secret);
        }
        var (authorize, token, userinfo, issuer) = type switch
        {
            SsoProviderType.GitHub => ("https://github.com/login/oauth/authorize", "https://github.com/login/oauth/access_token", "https://api.github.com/user", null),
            SsoProviderType.Google => ("", "", "", "https://accounts.google.com"),
            _ => ("", "", "", (string?)null),
        };
        provider.AuthorizationUrl = body.AuthorizationUrl ?? authorize;
        provider.TokenUrl = body.TokenUrl ?? token;
        provider.UserinfoUrl = body.UserinfoUrl ?? userinfo;
        provider.Issuer = body.Issuer?.TrimEnd('/') ?? issuer;
        provider.JwksUri = body.JwksUri;
        provider.Scope = body.Scope ?? (type == SsoProviderType.GitHub ? "user:email read:org" : "openid profile email");
        provider.TrustedDomains = (body.TrustedDomains ?? []).Select(d => d.Trim().ToLowerInvariant()).ToList();
        provider.AutoCreateUsers = body.AutoCreateUsers ?? true;
        provider.TeamMapping = (body.TeamMapping ?? new SsoTeamMapping(null, [])).ToJson();
        provider.IsEnabled = body.IsEnabled ?? true;
        provider.UpdatedAt = now;
    }

    private static SsoProviderType? ParseType(string? type) => type?.ToLowerInvariant() switch
    {
        "github" => SsoProviderType.GitHub,
        "google" => SsoProviderType.Google,
        "oidc" => SsoProviderType.Oidc,
        _ => null,
    };

    private static bool Url(string? value, bool required) =>
        value is null ? !required
        : value.Length <= 2000 && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http";

    private static async Task<SsoProvider?> FindAsync(AuthContext db, string id, CancellationToken cancellationToken) =>
        SsoProviderIds.Valid(id) ? await db.SsoProviders.FindAsync([id], cancellationToken) : null;

    private static ProblemHttpResult NotFound() => ApiProblems.NotFound("There is no sign-in provider with this id.");
}

public sealed record SsoProviderRequest(
    string? Id, string? Name, string? DisplayName, string? ProviderType, string? ClientId, string? ClientSecret,
    string? AuthorizationUrl, string? TokenUrl, string? UserinfoUrl, string? Issuer, string? JwksUri, string? Scope,
    List<string>? TrustedDomains, bool? AutoCreateUsers, SsoTeamMapping? TeamMapping, bool? IsEnabled);

public sealed record SsoProviderResponse(
    string Id, string Name, string DisplayName, string ProviderType, string ClientId, string? ClientSecret,
    string AuthorizationUrl, string TokenUrl, string UserinfoUrl, string? Issuer, string? JwksUri, string Scope,
    IReadOnlyList<string> TrustedDomains, bool AutoCreateUsers, SsoTeamMapping TeamMapping, bool IsEnabled, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static SsoProviderResponse From(SsoProvider p) => new(p.Id, p.Name, p.DisplayName, p.ProviderType.ToString().ToLowerInvariant(), p.ClientId,
        p.ClientSecretEncrypted is null ? null : SsoProvidersAdminApi.Mask, p.AuthorizationUrl, p.TokenUrl, p.UserinfoUrl, p.Issuer, p.JwksUri, p.Scope,
        p.TrustedDomains, p.AutoCreateUsers, SsoTeamMapping.Parse(p.TeamMapping), p.IsEnabled, p.CreatedAt, p.UpdatedAt);
}

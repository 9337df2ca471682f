using McpGateway.Auth.Security;
using System.Net;
using McpGateway.Auth.Accounts;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using McpGateway.Auth.Tokens;
using McpGateway.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Apis;

/// <summary>
/// Personal and team API tokens (`/tokens`). A token is private to its owner: anyone else, administrators aside on the
/// admin paths, gets 404 for it, as if it did not exist. A token only narrows what its owner holds: its permissions must
/// be known ones (<see cref="PermissionCatalog"/>), and only a platform administrator may give one `*` or `admin.*`.
/// Team membership is not checked yet (it comes with the shared policy evaluator): a team token is one its owner
/// labelled with that team, and it never grants more than its owner holds where it is used.
/// </summary>
public static class TokensApi
{
    public static RouteGroupBuilder MapTokensApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/tokens").RequireAuthorization();
        api.MapPost("", CreateTokenAsync);
        api.MapGet("", ListTokensAsync);
        api.MapGet("/{id}", GetTokenAsync);
        api.MapDelete("/{id}", RevokeTokenAsync);
        api.MapGet("/{id}/usage", GetUsageAsync);
        api.MapGet("/admin/all", ListAllTokensAsync).RequireAuthorization(TokenAuthenticationDefaults.PlatformAdminPolicy);
        api.MapDelete("/admin/{id}", AdminRevokeTokenAsync).RequireAuthorization(TokenAuthenticationDefaults.PlatformAdminPolicy);
        api.MapGet("/teams/{teamId}", ListTeamTokensAsync);
        return api;
    }

    public static async Task<Results<Created<TokenCreateResponse>, ValidationProblem, ProblemHttpResult>> CreateTokenAsync(
        CreateTokenRequest? request, AuthContext db, ApiTokens tokens, HttpContext http)
    {
        http.Response.NoStore();
        if (http.User.Email() is not { } email)
        {
            return ApiProblems.Forbidden("Only user accounts own API tokens.");
        }
        if (http.User.IsApiToken())
        {
            // Otherwise a leaked token could mint successors and outlive its own expiry and revocation.
            return ApiProblems.Forbidden("An API token cannot create API tokens; sign in (password, SSO or OAuth) to create one.");
        }
        if (request is null)
        {
            return Validation.MissingBody("name");
        }
        if (Validate(request) is { } invalid)
        {
            return invalid;
        }
        var owner = await db.Users.SingleOrDefaultAsync(u => u.Email == email, http.RequestAborted);
        if (owner is not { IsActive: true })
        {
            return ApiProblems.Forbidden($"There is no active account for {email} to own the token.");
        }
        if (!owner.IsAdmin && request.Scope?.Permissions?.FirstOrDefault(PermissionCatalog.IsPlatformAdminOnly) is { } beyond)
        {
            return ApiProblems.Forbidden($"Only a platform administrator holds '{beyond}'; an API token cannot have more than its owner.");
        }

        var scope = request.Scope ?? new TokenScopeRequest(null, null, null);
        var newToken = new NewApiToken(
            request.Name!.Trim(),
            Blank(request.Description),
            request.ExpiresInDays ?? ApiTokens.DefaultLifetimeDays,
            new ApiTokenScope(Blank(scope.ServerId), scope.Permissions ?? [], scope.IpRestrictions?.Select(r => r.Trim()).ToList() ?? []),
            Blank(request.TeamId));
        try
        {
            var (token, secret) = await tokens.CreateAsync(owner, newToken, RequestOrigin.Of(http), http.RequestAborted);
            return TypedResults.Created($"/tokens/{token.Id}", new TokenCreateResponse(TokenResponse.From(token, null), secret));
        }
        catch (ApiTokenNameTakenException e)
        {
            return ApiProblems.Conflict(e.Message);
        }
    }

    /// <summary>The caller's tokens, newest first; revoked and expired ones only with `include_inactive=true`.</summary>
    public static async Task<Results<Ok<TokenListResponse>, ValidationProblem, ProblemHttpResult>> ListTokensAsync(
        [FromQuery(Name = "include_inactive")] bool? includeInactive, int? skip, int? limit, AuthContext db, TimeProvider time, HttpContext http)
    {
        if (http.User.Email() is not { } email)
        {
            return ApiProblems.Forbidden("Only user accounts own API tokens.");
        }
        return await ListAsync(db.ApiTokens.Where(t => t.UserEmail == email), includeInactive, skip, limit, db, time, http.RequestAborted);
    }

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> GetTokenAsync(string id, AuthContext db, HttpContext http)
    {
        if (await OwnTokenAsync(id, db, http) is not { } token)
        {
            return NoSuchToken(id);
        }
        var revocation = await db.TokenRevocations.AsNoTracking().SingleOrDefaultAsync(r => r.Jti == token.Jti, http.RequestAborted);
        return TypedResults.Ok(TokenResponse.From(token, revocation));
    }

    /// <summary>Revokes the caller's token; an optional body `{"reason": "..."}` is recorded. Revoking twice is harmless.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(
        string id, [FromBody] RevokeTokenRequest? request, AuthContext db, ApiTokens tokens, HttpContext http)
    {
        if (await OwnTokenAsync(id, db, http) is not { } token)
        {
            return NoSuchToken(id);
        }
        var by = http.User.Email()!;
        await tokens.RevokeAsync(token, by, Blank(request?.Reason) ?? "Revoked by its owner", RequestOrigin.Of(http), http.RequestAborted);
        return TypedResults.NoContent();
    }

    /// <summary>Requests made with the token to the auth service, newest first.</summary>
    public static async Task<Results<Ok<TokenUsageResponse>, ValidationProblem, ProblemHttpResult>> GetUsageAsync(
        string id, int? skip, int? limit, AuthContext db, HttpContext http)
    {
        if (Page.TryCreate(skip, limit, defaultLimit: 100, out var page) is { } invalid)
        {
            return invalid;
        }
        if (await OwnTokenAsync(id, db, http) is not { } token)
        {
            return NoSuchToken(id);
        }
        var usage = db.TokenUsageLogs.AsNoTracking().Where(l => l.TokenJti == token.Jti);
        var total = await usage.CountAsync(http.RequestAborted);
        var entries = await usage.OrderByDescending(l => l.Timestamp).ThenByDescending(l => l.Id)
            .Skip(page.Skip).Take(page.Limit)
            .Select(l => new TokenUsageEntry(l.Timestamp, l.Method, l.Endpoint, l.IpAddress, l.StatusCode, l.ResponseTimeMs))
            .ToListAsync(http.RequestAborted);
        return TypedResults.Ok(new TokenUsageResponse(token.Id, total, page.Skip, page.Limit, entries));
    }

    /// <summary>Every user's tokens (platform admins), optionally of one user.</summary>
    public static async Task<Results<Ok<TokenListResponse>, ValidationProblem, ProblemHttpResult>> ListAllTokensAsync(
        [FromQuery(Name = "user_email")] string? userEmail, [FromQuery(Name = "include_inactive")] bool? includeInactive, int? skip, int? limit,
        AuthContext db, TimeProvider time, HttpContext http)
    {
        var query = db.ApiTokens.AsQueryable();
        if (!string.IsNullOrWhiteSpace(userEmail))
        {
            var key = EmailUser.NormalizeEmail(userEmail);
            query = query.Where(t => t.UserEmail == key);
        }
        return await ListAsync(query, includeInactive, skip, limit, db, time, http.RequestAborted);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> AdminRevokeTokenAsync(
        string id, [FromBody] RevokeTokenRequest? request, AuthContext db, ApiTokens tokens, HttpContext http)
    {
        if (await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id, http.RequestAborted) is not { } token)
        {
            return NoSuchToken(id);
        }
        var by = http.User.Email() ?? "unknown administrator";
        await tokens.RevokeAsync(token, by, Blank(request?.Reason) ?? $"Revoked by administrator {by}", RequestOrigin.Of(http), http.RequestAborted);
        return TypedResults.NoContent();
    }

    /// <summary>The team's tokens the caller owns, or all of them for a platform admin.</summary>
    public static async Task<Results<Ok<TokenListResponse>, ValidationProblem, ProblemHttpResult>> ListTeamTokensAsync(
        string teamId, [FromQuery(Name = "include_inactive")] bool? includeInactive, int? skip, int? limit, AuthContext db, TimeProvider time, HttpContext http)
    {
        var query = db.ApiTokens.Where(t => t.TeamId == teamId);
        if (!http.User.IsPlatformAdmin())
        {
            if (http.User.Email() is not { } email)
            {
                return ApiProblems.Forbidden("Only user accounts own API tokens.");
            }
            query = query.Where(t => t.UserEmail == email);
        }
        return await ListAsync(query, includeInactive, skip, limit, db, time, http.RequestAborted);
    }

    private static async Task<Results<Ok<TokenListResponse>, ValidationProblem, ProblemHttpResult>> ListAsync(
        IQueryable<ApiToken> query, bool? includeInactive, int? skip, int? limit, AuthContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Page.TryCreate(skip, limit, defaultLimit: 50, out var page) is { } invalid)
        {
            return invalid;
        }
        if (includeInactive != true)
        {
            var now = time.GetUtcNow().UtcDateTime;
            query = query.Where(t => t.IsActive && (t.ExpiresAt == null || t.ExpiresAt > now));
        }
        var total = await query.CountAsync(cancellationToken);
        var tokens = await query.AsNoTracking().OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id)
            .Skip(page.Skip).Take(page.Limit)
            .ToListAsync(cancellationToken);
        var jtis = tokens.Where(t => !t.IsActive).Select(t => t.Jti).ToList();
        var revocations = jtis.Count == 0
            ? new Dictionary<string, TokenRevocation>()
            : await db.TokenRevocations.AsNoTracking().Where(r => jtis.Contains(r.Jti)).ToDictionaryAsync(r => r.Jti, cancellationToken);
        return TypedResults.Ok(new TokenListResponse(
            tokens.Select(t => TokenResponse.From(t, revocations.GetValueOrDefault(t.Jti))).ToList(), total, page.Skip, page.Limit));
    }

    /// <summary>The token when the caller owns it; null otherwise, so another user's token is indistinguishable from none.</summary>
    private static async Task<ApiToken?> OwnTokenAsync(string id, AuthContext db, HttpContext http) =>
        http.User.Email() is { } email
            ? await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id && t.UserEmail == email, http.RequestAborted)
            : null;

    private static ValidationProblem? Validate(CreateTokenRequest request)
    {
        var permissions = request.Scope?.Permissions ?? [];
        var addresses = request.Scope?.IpRestrictions ?? [];
        return new Validation()
            .Required("name", request.Name)
            .Check(request.Name is null || request.Name.Trim().Length <= 255, "name", "'name' must be at most 255 characters.")
            .Check(request.Description is null || request.Description.Length <= 2000, "description", "'description' must be at most 2000 characters.")
            .Check(request.ExpiresInDays is null or (>= 1 and <= ApiTokens.MaxLifetimeDays), "expires_in_days",
                $"'expires_in_days' must be between 1 and {ApiTokens.MaxLifetimeDays} (default {ApiTokens.DefaultLifetimeDays}); tokens that never expire are not issued.")
            .Check(request.Scope?.ServerId is null || request.Scope.ServerId.Length <= 255, "scope.server_id", "'scope.server_id' must be at most 255 characters.")
            .Check(permissions.Count <= 100 && permissions.All(p => p is not null && PermissionCatalog.Known.Contains(p)), "scope.permissions",
                "'scope.permissions' must be at most 100 known permission names such as 'tools.execute' (or '*'); see GET /rbac/permissions/available.")
            .Check(addresses.Count <= 100 && addresses.All(IsAddressOrRange), "scope.ip_restrictions",
                "'scope.ip_restrictions' must be IP addresses or CIDR ranges such as '203.0.113.7' or '10.0.0.0/8'.")
            .Check(request.TeamId is null || request.TeamId.Length <= 255, "team_id", "'team_id' must be at most 255 characters.")
            .Problem;
    }

    private static bool IsAddressOrRange(string? value) =>
        value is not null && (IPAddress.TryParse(value.Trim(), out _) || IPNetwork.TryParse(value.Trim(), out _));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static ProblemHttpResult NoSuchToken(string id) => ApiProblems.NotFound($"There is no API token {InputText.Echo(id)} of yours.");
}

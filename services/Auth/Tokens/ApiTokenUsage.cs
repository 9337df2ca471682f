using System.Diagnostics;
using System.Net;
using McpGateway.Auth.Accounts;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace McpGateway.Auth.Tokens;

/// <summary>
/// Where authorization decides a request to the auth service that authenticated (every endpoint that requires
/// authorization). A signed-in user (access token or Basic) whose account has been deactivated or deleted since is refused
/// at once (403), however long the token still has to live, and a token minted while its account was an administrator
/// is refused (401) once it no longer is. An API token is checked against its row (revoked on any
/// replica, expired, or owner deactivated or deleted → 401; used from an address outside its `ip_restrictions` → 403),
/// then authorization answers as usual, and the request is logged with its final status in `token_usage_logs`, refused
/// ones included. Other services refuse such tokens through their deny-lists (`TokenRevoked`, `UserDeactivated`).
/// </summary>
public sealed class ApiTokenUsage(IServiceScopeFactory scopes, TimeProvider time, ILogger<ApiTokenUsage> logger) : IAuthorizationMiddlewareResultHandler
{
    private const int MaxEndpointLength = 2048;
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        if (!context.User.IsApiToken() || context.User.JwtId() is not { } jti)
        {
            if (context.User.Email() is { } email)
            {
                var account = await AccountAsync(email, context.RequestAborted);
                if (account is not { IsActive: true })
                {
                    await RefuseAsync(context, StatusCodes.Status403Forbidden, $"The account {email} is disabled or no longer exists.");
                    return;
                }
                if (context.User.IsPlatformAdmin() && !account.IsAdmin)
                {
                    // The token was minted while the account was an administrator: it must not outlive the demotion as one.
                    await RefuseAsync(context, StatusCodes.Status401Unauthorized, "This token says administrator, which the account no longer is; sign in again.");
                    return;
                }
            }
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        TokenState? state;
        await using (var scope = scopes.CreateAsyncScope())
        {
            state = await scope.ServiceProvider.GetRequiredService<AuthContext>().ApiTokens.AsNoTracking()
                .Where(t => t.Jti == jti)
                .Select(t => new TokenState(t.UserEmail, t.IsActive, t.ExpiresAt, t.User!.IsActive, t.IpRestrictions))
                .SingleOrDefaultAsync(context.RequestAborted);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var started = Stopwatch.GetTimestamp();
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            if (state is not { IsActive: true, OwnerActive: true } || state.ExpiresAt <= now)
            {
                status = await RefuseAsync(context, StatusCodes.Status401Unauthorized, "The API token has been revoked, has expired, or its account is disabled.");
            }
            else if (state.IpRestrictions.Count > 0 && !IsAllowed(context.Connection.RemoteIpAddress, state.IpRestrictions))
            {
                status = await RefuseAsync(context, StatusCodes.Status403Forbidden, "This API token may not be used from your address (its ip_restrictions).");
            }
            else
            {
                await _default.HandleAsync(next, context, policy, authorizeResult);
                status = context.Response.StatusCode;
            }
        }
        finally
        {
            await RecordAsync(context, jti, state?.UserEmail ?? context.User.Email() ?? "", now, status, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private async Task<AccountState?> AccountAsync(string email, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuthContext>().Users.AsNoTracking()
            .Where(u => u.Email == email).Select(u => new AccountState(u.IsActive, u.IsAdmin)).SingleOrDefaultAsync(cancellationToken);
    }

    private sealed record AccountState(bool IsActive, bool IsAdmin);

    /// <summary>Whether <paramref name="address"/> matches one of the token's addresses or CIDR ranges.</summary>
    public static bool IsAllowed(IPAddress? address, IEnumerable<string> restrictions)
    {
        if (address is null)
        {
            return false;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        foreach (var restriction in restrictions)
        {
            if (IPAddress.TryParse(restriction, out var single) ? single.Equals(address)
                : IPNetwork.TryParse(restriction, out var range) && range.Contains(address))
            {
                return true;
            }
        }
        return false;
    }

    private async Task RecordAsync(HttpContext context, string jti, string email, DateTime now, int status, int elapsedMs)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AuthContext>();
            var endpoint = (context.Request.PathBase + context.Request.Path).ToString();
            db.TokenUsageLogs.Add(new TokenUsageLog
            {
                TokenJti = jti,
                UserEmail = email,
                Timestamp = now,
                Endpoint = endpoint.Length > MaxEndpointLength ? endpoint[..MaxEndpointLength] : endpoint,
                Method = context.Request.Method,
                IpAddress = context.Connection.RemoteIpAddress?.ToString(),
                StatusCode = status,
                ResponseTimeMs = elapsedMs,
            });
            await db.SaveChangesAsync(CancellationToken.None);
            await db.ApiTokens.Where(t => t.Jti == jti).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), CancellationToken.None);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            // The request itself succeeded or failed on its own; a lost usage row must not change its answer.
            logger.LogWarning(e, "Could not log the use of API token {Jti}", jti);
        }
    }

    private static async Task<int> RefuseAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.Append(HeaderNames.WWWAuthenticate, $"Bearer error=\"invalid_token\", error_description=\"{detail}\"");
        }
        var problem = new ProblemDetails { Status = status, Detail = detail };
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            await context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", context.RequestAborted);
        }
        return status;
    }

    private sealed record TokenState(string UserEmail, bool IsActive, DateTime? ExpiresAt, bool OwnerActive, List<string> IpRestrictions);
}

using McpGateway.Auth.Security;
using McpGateway.Auth.Accounts;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using McpGateway.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Apis;

/// <summary>What <see cref="AdminUsersApi"/>'s handlers need, bundled.</summary>
public sealed record AdminUsersServices(AuthContext Db, UserAccounts Accounts, UserAdministration Administration, AccountSettings Settings);

/// <summary>User administration and the auth event log, for platform administrators only (`/auth/email/admin`).</summary>
public static class AdminUsersApi
{
    public static RouteGroupBuilder MapAdminUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/auth/email/admin").RequireAuthorization(TokenAuthenticationDefaults.PlatformAdminPolicy);
        api.MapGet("/users", ListUsersAsync);
        api.MapPost("/users", CreateUserAsync);
        api.MapGet("/users/{email}", GetUserAsync);
        api.MapPut("/users/{email}", UpdateUserAsync);
        api.MapDelete("/users/{email}", DeleteUserAsync);
        api.MapGet("/events", ListEventsAsync);
        return api;
    }

    /// <summary>
    /// Every account, ordered by email; `search` keeps those whose email or full name contains it (case-insensitive), and
    /// `total_count` counts those.
    /// </summary>
    public static async Task<Results<Ok<UserListResponse>, ValidationProblem>> ListUsersAsync(int? skip, int? limit, string? search, AuthContext db,
        CancellationToken cancellationToken)
    {
        if (Page.TryCreate(skip, limit, defaultLimit: 100, out var page) is { } invalid)
        {
            return invalid;
        }
        if (search is { Length: > 200 } || (search is not null && Security.InputText.HasControlCharacters(search)))
        {
            return ApiProblems.Invalid("search", "'search' has at most 200 characters and no control characters.");
        }
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
            users = users.Where(u => u.Email.Contains(term) || (u.FullName != null && u.FullName.ToLower().Contains(term)));
        }
        var total = await users.CountAsync(cancellationToken);
        var found = await users.OrderBy(u => u.Email).Skip(page.Skip).Take(page.Limit).ToListAsync(cancellationToken);
        return TypedResults.Ok(new UserListResponse(found.Select(UserResponse.From).ToList(), total, page.Skip, page.Limit));
    }

    public static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> CreateUserAsync(
        CreateUserRequest? request, [AsParameters] AdminUsersServices services, HttpContext http)
    {
        if (request is null)
        {
            return Validation.MissingBody("email", "password");
        }
        if (EmailAuthApi.ValidateNewAccount(request.Email, request.Password, services.Settings) is { } invalid)
        {
            return invalid;
        }
        try
        {
            var user = await services.Accounts.CreateAsync(request.Email!, request.Password!, request.FullName, request.IsAdmin ?? false,
                EmailUser.LocalProvider, RequestOrigin.Of(http), http.RequestAborted);
            return TypedResults.Created($"/auth/email/admin/users/{Uri.EscapeDataString(user.Email)}", UserResponse.From(user));
        }
        catch (AccountExistsException e)
        {
            return ApiProblems.Conflict(e.Message);
        }
        catch (AccountRuleException e)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, e.Message);
        }
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetUserAsync(string email, AuthContext db, CancellationToken cancellationToken)
    {
        var key = EmailUser.NormalizeEmail(email);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == key, cancellationToken);
        return user is null ? NoSuchUser(key) : TypedResults.Ok(UserResponse.From(user));
    }

    /// <summary>Changes only the fields given; a new password also unlocks the account.</summary>
    public static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> UpdateUserAsync(
        string email, UpdateUserRequest? request, [AsParameters] AdminUsersServices services, HttpContext http)
    {
        if (request is null)
        {
            return Validation.MissingBody("full_name", "is_admin", "is_active", "password");
        }
        var minimum = services.Settings.PasswordMinLength;
        if (new Validation()
                .Check(request.Password is null || request.Password.Length >= minimum, "password", $"The password must be at least {minimum} characters long.")
                .Problem is { } invalid)
        {
            return invalid;
        }
        try
        {
            var changes = new UserChanges(request.FullName, request.IsAdmin, request.IsActive, request.Password);
            var user = await services.Administration.UpdateAsync(email, changes, ActingAdmin(http), RequestOrigin.Of(http), http.RequestAborted);
            return user is null ? NoSuchUser(EmailUser.NormalizeEmail(email)) : TypedResults.Ok(UserResponse.From(user));
        }
        catch (AdministratorRuleException e)
        {
            return ApiProblems.Conflict(e.Message);
        }
        catch (Exception e) when (UserAdministration.IsConcurrentChange(e))
        {
            return ConcurrentChange();
        }
    }

    public static async Task<Results<Ok<SuccessResponse>, ProblemHttpResult>> DeleteUserAsync(string email, UserAdministration administration, HttpContext http)
    {
        try
        {
            var key = EmailUser.NormalizeEmail(email);
            return await administration.DeleteAsync(key, ActingAdmin(http), RequestOrigin.Of(http), http.RequestAborted)
                ? TypedResults.Ok(new SuccessResponse(true, $"User {key} has been deleted."))
                : NoSuchUser(key);
        }
        catch (AdministratorRuleException e)
        {
            return ApiProblems.Conflict(e.Message);
        }
        catch (Exception e) when (UserAdministration.IsConcurrentChange(e))
        {
            return ConcurrentChange();
        }
    }

    /// <summary>Every security event, newest first, optionally of one account and of one type.</summary>
    public static async Task<Results<Ok<List<AuthEventResponse>>, ValidationProblem>> ListEventsAsync(
        [FromQuery(Name = "user_email")] string? userEmail, [FromQuery(Name = "event_type")] string? eventType, int? skip, int? limit,
        AuthContext db, CancellationToken cancellationToken)
    {
        if (Page.TryCreate(skip, limit, defaultLimit: 100, out var page) is { } invalid)
        {
            return invalid;
        }
        var events = db.AuthEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(userEmail))
        {
            var key = EmailUser.NormalizeEmail(userEmail);
            events = events.Where(e => e.UserEmail == key);
        }
        if (!string.IsNullOrWhiteSpace(eventType))
        {
            events = events.Where(e => e.EventType == eventType);
        }
        var list = await events.OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Id)
            .Skip(page.Skip).Take(page.Limit)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(list.Select(AuthEventResponse.From).ToList());
    }

    // The configured BASIC_AUTH_USER pair acts as the platform admin's email, so it has one too.
    private static string ActingAdmin(HttpContext http) => http.User.Email() ?? "unknown administrator";

    private static ProblemHttpResult NoSuchUser(string email) => ApiProblems.NotFound($"There is no account for {InputText.Echo(email)}.");

    private static ProblemHttpResult ConcurrentChange() =>
        ApiProblems.Conflict("Another change to administrator accounts happened at the same moment; try again.");
}

using McpGateway.Auth.Accounts;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using McpGateway.Auth.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Apis;

/// <summary>What <see cref="EmailAuthApi"/>'s handlers need, bundled.</summary>
public sealed record EmailAuthServices(
    AuthContext Db, PasswordSignIn SignIn, UserAccounts Accounts, SignInTokens Tokens, AccountSettings Settings, TimeProvider Time);

/// <summary>Sign-in with an email and password, self-registration, and the caller's own account (`/auth/email`).</summary>
public static class EmailAuthApi
{
    /// <summary>The one answer to every failed sign-in: it never tells an unknown address from a wrong password or a locked account.</summary>
    public const string InvalidCredentials = "Invalid email or password.";

    public static RouteGroupBuilder MapEmailAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/auth/email");
        api.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(LoginRateLimiting.Policy);
        api.MapPost("/register", RegisterAsync).AllowAnonymous().RequireRateLimiting(LoginRateLimiting.Policy);
        api.MapPost("/change-password", ChangePasswordAsync).RequireAuthorization();
        api.MapGet("/me", GetMeAsync).RequireAuthorization();
        api.MapGet("/events", GetEventsAsync).RequireAuthorization();
        return api;
    }

    public static async Task<Results<Ok<AuthenticationResponse>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest? request, [AsParameters] EmailAuthServices services, HttpContext http)
    {
        http.Response.NoStore();
        if (!services.Settings.EmailAuthEnabled)
        {
            return EmailAuthDisabled();
        }
        if (request is null)
        {
            return Validation.MissingBody("email", "password");
        }
        if (new Validation().Required("email", request.Email).Required("password", request.Password).Problem is { } invalid)
        {
            return invalid;
        }

        var origin = RequestOrigin.Of(http);
        var result = await services.SignIn.SignInAsync(request.Email!, request.Password!, origin, http.RequestAborted);
        switch (result.Status)
        {
            case SignInStatus.Busy:
                return Busy(http);
            case SignInStatus.Failed:
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return ApiProblems.Problem(StatusCodes.Status401Unauthorized, InvalidCredentials);
        }
        var user = result.User!;
        var token = await services.Tokens.IssueAsync(user, origin, http.RequestAborted);
        return TypedResults.Ok(new AuthenticationResponse(token.Token, "bearer", services.Tokens.ExpiresIn, UserResponse.From(user)));
    }

    public static async Task<Results<Created<AuthenticationResponse>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterRequest? request, [AsParameters] EmailAuthServices services, HttpContext http)
    {
        http.Response.NoStore();
        if (!services.Settings.EmailAuthEnabled)
        {
            return EmailAuthDisabled();
        }
        if (!services.Settings.PublicRegistrationEnabled)
        {
            return ApiProblems.Forbidden("Public registration is disabled on this server (PUBLIC_REGISTRATION_ENABLED=false); ask an administrator for an account.");
        }
        if (request is null)
        {
            return Validation.MissingBody("email", "password");
        }
        if (ValidateNewAccount(request.Email, request.Password, services.Settings) is { } invalid)
        {
            return invalid;
        }

        var origin = RequestOrigin.Of(http);
        EmailUser user;
        try
        {
            user = await services.Accounts.CreateAsync(request.Email!, request.Password!, request.FullName, isAdmin: false, EmailUser.LocalProvider, origin, http.RequestAborted);
        }
        catch (AccountExistsException e)
        {
            return ApiProblems.Conflict(e.Message);
        }
        catch (AccountRuleException e)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, e.Message);
        }
        var token = await services.Tokens.IssueAsync(user, origin, http.RequestAborted);
        return TypedResults.Created("/auth/email/me", new AuthenticationResponse(token.Token, "bearer", services.Tokens.ExpiresIn, UserResponse.From(user)));
    }

    public static async Task<Results<Ok<SuccessResponse>, ValidationProblem, ProblemHttpResult>> ChangePasswordAsync(
        ChangePasswordRequest? request, [AsParameters] EmailAuthServices services, HttpContext http)
    {
        if (http.User.Email() is not { } email)
        {
            return ApiProblems.Forbidden("Only user accounts have a password to change.");
        }
        if (request is null)
        {
            return Validation.MissingBody("old_password", "new_password");
        }
        var minimum = services.Settings.PasswordMinLength;
        if (new Validation()
                .Required("old_password", request.OldPassword)
                .Required("new_password", request.NewPassword)
                .Check(request.NewPassword is null || request.NewPassword.Length >= minimum, "new_password", $"The new password must be at least {minimum} characters long.")
                .Check(request.NewPassword != request.OldPassword, "new_password", "The new password must differ from the current one.")
                .Problem is { } invalid)
        {
            return invalid;
        }

        // The current password is checked the way every sign-in is: failures count towards the lockout and are logged.
        var origin = RequestOrigin.Of(http);
        var result = await services.SignIn.SignInAsync(email, request.OldPassword!, origin, http.RequestAborted);
        switch (result.Status)
        {
            case SignInStatus.Busy:
                return Busy(http);
            case SignInStatus.Failed:
                return ApiProblems.Invalid("old_password", "The current password is not correct (or the account is locked after repeated failures).");
        }
        var user = result.User!;
        var now = services.Time.GetUtcNow().UtcDateTime;
        services.Accounts.SetPassword(user, request.NewPassword!, now);
        services.Db.AuthEvents.Add(PasswordSignIn.Event(email, AuthEventTypes.PasswordChanged, true, origin, now));
        await services.Db.SaveChangesAsync(http.RequestAborted);
        return TypedResults.Ok(new SuccessResponse(true, "Password changed."));
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetMeAsync(AuthContext db, HttpContext http)
    {
        if (http.User.Email() is not { } email)
        {
            return ApiProblems.NotFound("The caller is not a user account.");
        }
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == email, http.RequestAborted);
        return user is null
            ? ApiProblems.NotFound($"There is no account for {email}.")
            : TypedResults.Ok(UserResponse.From(user));
    }

    /// <summary>The caller's own security events, newest first.</summary>
    public static async Task<Results<Ok<List<AuthEventResponse>>, ValidationProblem, ProblemHttpResult>> GetEventsAsync(
        int? skip, int? limit, AuthContext db, HttpContext http)
    {
        if (http.User.Email() is not { } email)
        {
            return ApiProblems.NotFound("The caller is not a user account.");
        }
        if (Page.TryCreate(skip, limit, defaultLimit: 50, out var page) is { } invalid)
        {
            return invalid;
        }
        var events = await db.AuthEvents.AsNoTracking()
            .Where(e => e.UserEmail == email)
            .OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Id)
            .Skip(page.Skip).Take(page.Limit)
            .ToListAsync(http.RequestAborted);
        return TypedResults.Ok(events.Select(AuthEventResponse.From).ToList());
    }

    /// <summary>The 400 for a new account's email and password, or null when both are acceptable.</summary>
    internal static ValidationProblem? ValidateNewAccount(string? email, string? password, AccountSettings settings)
    {
        var validation = new Validation().Required("email", email).Required("password", password);
        if (!string.IsNullOrWhiteSpace(email))
        {
            try
            {
                UserAccounts.ValidEmail(email);
            }
            catch (AccountRuleException e)
            {
                validation.Check(false, "email", e.Message);
            }
        }
        return validation
            .Check(password is null || password.Length >= settings.PasswordMinLength, "password",
                $"The password must be at least {settings.PasswordMinLength} characters long.")
            .Problem;
    }

    private static ProblemHttpResult EmailAuthDisabled() =>
        ApiProblems.NotFound("Email and password sign-in is disabled on this server (EMAIL_AUTH_ENABLED=false); sign in through SSO.");

    private static ProblemHttpResult Busy(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "1";
        return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "Too many sign-ins are being checked right now; try again in a second.");
    }
}

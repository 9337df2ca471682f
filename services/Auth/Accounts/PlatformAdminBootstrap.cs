using System.Security.Cryptography;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.ServiceDefaults.Authentication;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Accounts;

/// <summary>The platform administrator made sure of at every start, from ContextForge's variables.</summary>
public sealed record PlatformAdminSettings
{
    /// <summary>`PLATFORM_ADMIN_EMAIL`, default admin@example.com.</summary>
    public required string Email { get; init; }

    /// <summary>`PLATFORM_ADMIN_PASSWORD`: used only when the account is created (or has no password yet); null generates one.</summary>
    public string? Password { get; init; }

    /// <summary>`PLATFORM_ADMIN_FULL_NAME`, default "Platform Administrator".</summary>
    public required string FullName { get; init; }

    public static PlatformAdminSettings FromConfiguration(IConfiguration configuration) => new()
    {
        Email = configuration["PLATFORM_ADMIN_EMAIL"] is { Length: > 0 } email ? email.Trim() : TokenAuthenticationOptions.DefaultPlatformAdminEmail,
        Password = configuration["PLATFORM_ADMIN_PASSWORD"] is { Length: > 0 } password ? password : null,
        FullName = configuration["PLATFORM_ADMIN_FULL_NAME"] is { Length: > 0 } name ? name.Trim() : "Platform Administrator",
    };
}

/// <summary>
/// Makes sure the platform administrator exists, is an administrator and is active, at every start: after the migration,
/// before the service answers (hosted services start before the server). Idempotent and safe with many replicas starting
/// at once: the one whose insert wins creates the account, the others find it.
/// <list type="bullet">
/// <item>Created with PLATFORM_ADMIN_PASSWORD, or, when none is set, with a strong random password printed once to the
/// console (stdout, framed), never to the log. Email sign-in disabled (EMAIL_AUTH_ENABLED=false): created without one.</item>
/// <item>An existing account's password is never overwritten: once someone has changed it, a restart must not put the
/// configured one back. Only an account with no password at all receives PLATFORM_ADMIN_PASSWORD.</item>
/// </list>
/// </summary>
public sealed class PlatformAdminBootstrap(
    IServiceScopeFactory scopes, PlatformAdminSettings settings, AccountSettings accounts, TimeProvider time, ILogger<PlatformAdminBootstrap> logger) : IHostedService
{
    private static readonly RequestOrigin Origin = new(null, "platform-admin-bootstrap");
    private const string MadeAdministrator = "made an administrator again", Reactivated = "reactivated";
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Twice at most: a replica that loses the insert race finds the winner's account on its second look.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await EnsureAsync(cancellationToken);
                return;
            }
            catch (AccountExistsException) when (attempt < 2)
            {
            }
            catch (AccountRuleException e) when (e is not AccountExistsException)
            {
                throw new InvalidOperationException($"The platform administrator cannot be set up (PLATFORM_ADMIN_EMAIL, PLATFORM_ADMIN_PASSWORD): {e.Message}", e);
            }
        }
    }

    private async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthContext>();
        var userAccounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var email = UserAccounts.ValidEmail(settings.Email);

        var existing = await db.Users.FindAsync([email], cancellationToken);
        if (existing is null)
        {
            var generated = accounts.EmailAuthEnabled && settings.Password is null ? RandomNumberGenerator.GetString(PasswordAlphabet, 24) : null;
            var password = accounts.EmailAuthEnabled ? settings.Password ?? generated : null;
            await userAccounts.CreateAsync(email, password, settings.FullName, isAdmin: true, EmailUser.LocalProvider, Origin, cancellationToken);
            logger.LogInformation("Created the platform administrator {Email}: {PasswordSource}", email,
                generated is not null ? "generated password printed to the console once" : password is null ? "no password: email sign-in is disabled" : "password from PLATFORM_ADMIN_PASSWORD");
            if (generated is not null)
            {
                PrintGeneratedPassword(email, generated);
            }
            return;
        }

        var changes = new List<string>();
        if (!existing.IsAdmin)
        {
            existing.IsAdmin = true;
            changes.Add(MadeAdministrator);
        }
        if (!existing.IsActive)
        {
            existing.IsActive = true;
            changes.Add(Reactivated);
        }
        if (existing.PasswordHash is null && accounts.EmailAuthEnabled && settings.Password is { } configured)
        {
            userAccounts.SetPassword(existing, configured, time.GetUtcNow().UtcDateTime);
            changes.Add("given PLATFORM_ADMIN_PASSWORD, having no password");
        }
        if (changes.Count == 0)
        {
            logger.LogInformation("The platform administrator {Email} exists; its password is left as it is", email);
            return;
        }
        var now = time.GetUtcNow().UtcDateTime;
        existing.UpdatedAt = now;
        if (changes.Contains(MadeAdministrator))
        {
            db.AddIntegrationEvent(new UserUpdated(existing.Email, existing.FullName, existing.IsAdmin) { OccurredAt = now });
        }
        if (changes.Contains(Reactivated))
        {
            db.AddIntegrationEvent(new UserReactivated(existing.Email) { OccurredAt = now });
        }
        await db.SaveChangesAsync(cancellationToken);
        logger.LogWarning("The platform administrator {Email} was {Changes}", email, string.Join(", ", changes));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Straight to stdout, not through the logger: the structured log (and its OTLP export) must never carry it.</summary>
    private static void PrintGeneratedPassword(string email, string password)
    {
        var rule = new string('=', 78);
        Console.Out.Write(
            $"""

            {rule}
              PLATFORM ADMINISTRATOR CREATED: {email}
              Generated password (shown this once, stored only as a hash):

                  {password}

              Sign in and change it (POST /auth/email/change-password), or set PLATFORM_ADMIN_PASSWORD
              before the first start to choose it yourself.
            {rule}


            """);
        Console.Out.Flush();
    }
}

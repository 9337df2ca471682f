using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace McpGateway.Auth.Accounts;

/// <summary>
/// Limits password sign-ins and registrations: per client address (`LOGIN_RATE_LIMIT_PER_MINUTE`, default 10) and in
/// total (`LOGIN_RATE_LIMIT_GLOBAL_PER_MINUTE`, default 600), fixed one-minute windows, no queueing; 0 turns a limit off.
/// Lockout (<see cref="PasswordSignIn"/>) protects one account from guessing; this protects the service from one client
/// guessing across many accounts, and the global cap bounds the CPU that PBKDF2 can be made to burn.
/// The client address is the one the forwarded-headers middleware settled on (the gateway's X-Forwarded-For).
/// </summary>
public static class LoginRateLimiting
{
    public const string Policy = "login";
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IHostApplicationBuilder AddLoginRateLimiting(this IHostApplicationBuilder builder)
    {
        var perClient = NonNegative(builder.Configuration, "LOGIN_RATE_LIMIT_PER_MINUTE", 10);
        var global = NonNegative(builder.Configuration, "LOGIN_RATE_LIMIT_GLOBAL_PER_MINUTE", 600);

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = WriteRejectionAsync;
            options.AddPolicy(Policy, context => perClient == 0
                ? RateLimitPartition.GetNoLimiter("")
                : RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => Fixed(perClient)));
            // The global limiter sees every request; only sign-in endpoints share the one global window.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                global > 0 && context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == Policy
                    ? RateLimitPartition.GetFixedWindowLimiter("all-sign-ins", _ => Fixed(global))
                    : RateLimitPartition.GetNoLimiter(""));
        });
        return builder;
    }

    private static FixedWindowRateLimiterOptions Fixed(int permits) =>
        new() { PermitLimit = permits, Window = Window, QueueLimit = 0, AutoReplenishment = true };

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? (int)Math.Ceiling(retryAfter.TotalSeconds)
            : (int)Window.TotalSeconds;
        context.Response.Headers.RetryAfter = Math.Max(1, seconds).ToString(CultureInfo.InvariantCulture);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too Many Requests",
            Detail = $"Too many sign-in attempts; try again in {Math.Max(1, seconds)} seconds.",
        };
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            await context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", cancellationToken);
        }
    }

    private static int NonNegative(IConfiguration configuration, string key, int fallback) =>
        configuration[key] is not { Length: > 0 } text ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new InvalidOperationException($"{key} must be a whole number (0 turns the limit off), not '{text}'.");
}

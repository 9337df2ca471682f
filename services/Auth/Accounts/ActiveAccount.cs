using McpGateway.Auth.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Accounts;

public static class ActiveAccount
{
    /// <summary>
    /// Refuses (403) a caller whose account has been deactivated or deleted since its token was issued. Administrator
    /// rights come from the token's `is_admin`, as at every service (a demotion reaches access tokens when they expire,
    /// API tokens at once since they are revoked); a disabled account loses them here at once.
    /// </summary>
    public static TBuilder RequireActiveAccount<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.User.Email() is { } email)
            {
                var active = await http.RequestServices.GetRequiredService<AuthContext>().Users.AsNoTracking()
                    .Where(u => u.Email == email).Select(u => (bool?)u.IsActive)
                    .SingleOrDefaultAsync(http.RequestAborted);
                if (active != true)
                {
                    return TypedResults.Problem($"The account {email} is disabled or no longer exists.", statusCode: StatusCodes.Status403Forbidden);
                }
            }
            return await next(context);
        });
}

using McpGateway.Admin.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace McpGateway.Admin.Pages;

/// <summary>What every page shares: the API, the problem to show, and what an ended session means (sign in again).</summary>
public abstract class AdminPage(GatewayApi api) : PageModel
{
    protected GatewayApi Api { get; } = api;

    /// <summary>The API's problem with the last request, shown at the top of the page.</summary>
    public ApiProblem? Problem { get; protected set; }

    /// <summary>A message of success after a change (e.g. "Team created"), carried across one redirect.</summary>
    [TempData]
    public string? Notice { get; set; }

    /// <summary>`&amp;name=value` for an API query, or nothing when the filter is empty.</summary>
    protected static string Filter(string name, string? value) =>
        string.IsNullOrWhiteSpace(value) ? "" : $"&{name}={Uri.EscapeDataString(value.Trim())}";

    protected bool IsPlatformAdmin => User.HasClaim(Extensions.SignInExtensions.IsAdminClaim, "true");

    /// <summary>The value, or null with <see cref="Problem"/> set.</summary>
    protected T? ValueOrProblem<T>(ApiResult<T> result)
    {
        if (!result.Succeeded)
        {
            Problem ??= result.Problem;
            return default;
        }
        return result.Value;
    }

    /// <summary>An API that says the token is no longer good: the session is over, so sign in again (and come back here).</summary>
    protected bool SessionEnded => Problem?.Status == StatusCodes.Status401Unauthorized;

    protected IActionResult SignInAgain() => Challenge(new Microsoft.AspNetCore.Authentication.AuthenticationProperties
    {
        RedirectUri = Request.PathBase + Request.Path + Request.QueryString,
    });

    /// <summary>
    /// A change's outcome: done, its notice and a redirect to this page (post/redirect/get, with <paramref name="routeValues"/>);
    /// refused, the page again, reloaded by <paramref name="reload"/>, with the API's problem.
    /// </summary>
    protected async Task<IActionResult> ChangeAsync<T>(Task<ApiResult<T>> change, string done, Func<Task> reload, object? routeValues = null)
    {
        var result = await change;
        if (!result.Succeeded)
        {
            await reload();
            return PageWithProblem(result.Problem!);
        }
        Notice = done;
        return RedirectToPage(routeValues);
    }

    /// <summary>After a failed change: the page again, with the problem, or a new sign-in if the session ended.</summary>
    protected IActionResult PageWithProblem(ApiProblem problem)
    {
        Problem = problem;
        return SessionEnded ? SignInAgain() : Page();
    }
}

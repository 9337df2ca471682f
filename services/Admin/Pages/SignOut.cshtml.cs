using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace McpGateway.Admin.Pages;

/// <summary>Ends this app's session and the provider's (RP-initiated logout), then comes back to the overview.</summary>
public sealed class SignOutModel : PageModel
{
    public void OnGet()
    {
    }

    public IActionResult OnPost() =>
        SignOut(new AuthenticationProperties { RedirectUri = Request.PathBase + "/" },
            CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme);
}

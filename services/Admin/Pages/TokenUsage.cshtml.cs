using McpGateway.Admin.Extensions;
using McpGateway.Admin.Infrastructure;
using McpGateway.Admin.Model;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Admin.Pages;

/// <summary>The requests made with one of the user's tokens (the auth API's usage log), paged by the API.</summary>
public sealed class TokenUsageModel(GatewayApi api, AdminSettings settings) : AdminPage(api)
{
    [FromRoute] public string Id { get; set; } = "";

    public ApiToken? Token { get; private set; }
    public TokenUsage? Usage { get; private set; }
    public Paging Pager { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int? skip, int? limit, CancellationToken cancellationToken)
    {
        var (s, l) = Paging.Clamp(skip, limit, settings.PageSize);
        var path = $"/tokens/{Uri.EscapeDataString(Id)}";
        var token = Api.GetAsync<ApiToken>(path, cancellationToken);
        var usage = Api.GetAsync<TokenUsage>($"{path}/usage?skip={s}&limit={l}", cancellationToken);
        Token = ValueOrProblem(await token);
        Usage = ValueOrProblem(await usage);
        Pager = new Paging(s, l, Usage?.Entries.Count ?? 0, Usage?.TotalRequests, new Dictionary<string, string?>());
        if (Token is null && Problem is not null && !SessionEnded)
        {
            Response.StatusCode = Problem.Status;
        }
        return SessionEnded ? SignInAgain() : Page();
    }
}

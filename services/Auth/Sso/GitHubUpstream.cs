using System.Net.Http.Headers;
using System.Text.Json;
using McpGateway.Auth.Model;

namespace McpGateway.Auth.Sso;

/// <summary>
/// GitHub is plain OAuth 2.0: no id_token, so who signed in comes from its API with the access token: `/user`, the
/// primary **verified** address from `/user/emails` (the profile's public email is not checked by GitHub), and the
/// organisations (`/user/orgs`) and teams (`/user/teams`, as `org/team`) for admin orgs and team mapping.
/// The API's base is the provider's userinfo URL without `/user` (GITHUB_API_URL, for GitHub Enterprise).
/// </summary>
public sealed class GitHubUpstream(IHttpClientFactory httpClients)
{
    public async Task<SsoIdentity> IdentityAsync(SsoProvider provider, string accessToken, CancellationToken cancellationToken)
    {
        var api = provider.UserinfoUrl.EndsWith("/user", StringComparison.Ordinal) ? provider.UserinfoUrl[..^"/user".Length] : provider.UserinfoUrl;
        using var http = httpClients.CreateClient(SsoHttp.ClientName);
        var user = await GetAsync(http, $"{api}/user", accessToken, cancellationToken);
        var emails = await GetAsync(http, $"{api}/user/emails", accessToken, cancellationToken);
        var orgs = await GetAsync(http, $"{api}/user/orgs", accessToken, cancellationToken);
        var teams = await GetAsync(http, $"{api}/user/teams", accessToken, cancellationToken);

        var primary = emails.ValueKind == JsonValueKind.Array
            ? emails.EnumerateArray().FirstOrDefault(e => e.TryGetProperty("primary", out var p) && p.ValueKind == JsonValueKind.True)
            : default;
        var email = primary.ValueKind == JsonValueKind.Object && primary.TryGetProperty("email", out var address) ? address.GetString() : null;
        var verified = primary.ValueKind == JsonValueKind.Object && primary.TryGetProperty("verified", out var flag) && flag.ValueKind == JsonValueKind.True;

        var groups = new List<string>();
        groups.AddRange(Strings(orgs, e => Property(e, "login")).Select(o => o.ToLowerInvariant()));
        groups.AddRange(Strings(teams, e => Property(e, "slug") is { } slug && e.TryGetProperty("organization", out var org) && Property(org, "login") is { } login
            ? $"{login.ToLowerInvariant()}/{slug.ToLowerInvariant()}" : null));

        var id = user.TryGetProperty("id", out var number) ? number.ToString() : Property(user, "login") ?? "";
        return new SsoIdentity(id, email, verified, Property(user, "name") ?? Property(user, "login"), groups);
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string url, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.ParseAdd("application/vnd.github+json");
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new SsoRefusedException($"GitHub API {new Uri(url).AbsolutePath} answered {(int)response.StatusCode}",
                "GitHub did not tell us who you are. Please try again.", statusCode: StatusCodes.Status502BadGateway);
        }
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    private static string? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IEnumerable<string> Strings(JsonElement array, Func<JsonElement, string?> select) =>
        array.ValueKind == JsonValueKind.Array ? array.EnumerateArray().Select(select).OfType<string>() : [];
}

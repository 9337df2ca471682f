using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.TestSupport;

/// <summary>A GitHub account as the stand-in's API describes it.</summary>
public sealed record GitHubUser(string Login, string PrimaryEmail, bool PrimaryVerified = true, string[]? Orgs = null, string[]? Teams = null,
    string? SecondaryVerifiedEmail = null)
{
    public long Id { get; init; } = Random.Shared.NextInt64(1, long.MaxValue);
}

/// <summary>
/// A local stand-in for GitHub on loopback HTTP (for the auth service's tests and the end-to-end ones), shaped like GitHub Enterprise: the OAuth web flow at
/// `/login/oauth/authorize` and `/login/oauth/access_token` (which, like GitHub, answers a bad code with 200 and an
/// `error`), and the REST API under `/api/v3`: `/user`, `/user/emails`, `/user/orgs`, `/user/teams`.
/// </summary>
public sealed class GitHubStandIn : IAsyncDisposable
{
    public const string ClientId = "github-client";
    public const string ClientSecret = "github-client-secret";

    private sealed record Grant(GitHubUser User, string? Challenge);

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Grant> _codes = new();
    private readonly ConcurrentDictionary<string, GitHubUser> _tokens = new();

    private GitHubStandIn(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";
    public string ApiUrl => BaseUrl + "/api/v3";
    public GitHubUser NextUser { get; set; } = new("nobody", "nobody@example.com");

    public static async Task<GitHubStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var github = new GitHubStandIn(app);
        app.MapGet("/login/oauth/authorize", github.Authorize);
        app.MapPost("/login/oauth/access_token", github.AccessTokenAsync);
        app.MapGet("/api/v3/user", (HttpRequest r) => github.Api(r, u => new { login = u.Login, id = u.Id, name = $"{u.Login} (GitHub)", email = (string?)null }));
        app.MapGet("/api/v3/user/emails", (HttpRequest r) => github.Api(r, u => new[]
        {
            new { email = u.PrimaryEmail, primary = true, verified = u.PrimaryVerified },
        }.Concat(u.SecondaryVerifiedEmail is { } other ? [new { email = other, primary = false, verified = true }] : []).ToArray()));
        app.MapGet("/api/v3/user/orgs", (HttpRequest r) => github.Api(r, u => (u.Orgs ?? []).Select(o => new { login = o }).ToArray()));
        app.MapGet("/api/v3/user/teams", (HttpRequest r) => github.Api(r, u => (u.Teams ?? []).Select(t => t.Split('/'))
            .Select(t => new { slug = t[1], organization = new { login = t[0] } }).ToArray()));
        await app.StartAsync(TestContext.Current.CancellationToken);
        github.BaseUrl = app.Urls.Single().TrimEnd('/');
        return github;
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        if (query["client_id"] != ClientId || string.IsNullOrEmpty(query["redirect_uri"]))
        {
            return Results.BadRequest("bad authorization request");
        }
        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(20));
        _codes[code] = new Grant(NextUser, query["code_challenge"]);
        return Results.Redirect(QueryHelpers.AddQueryString(query["redirect_uri"]!, new Dictionary<string, string?> { ["code"] = code, ["state"] = query["state"] }));
    }

    private async Task<IResult> AccessTokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            return Results.Json(new { error = "incorrect_client_credentials" });
        }
        if (!_codes.TryRemove(form["code"].ToString(), out var grant)
            || (grant.Challenge is not null && Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != grant.Challenge))
        {
            return Results.Json(new { error = "bad_verification_code" });
        }
        var token = "gho_" + Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(20));
        _tokens[token] = grant.User;
        return Results.Json(new { access_token = token, token_type = "bearer", scope = "user:email,read:org" });
    }

    private IResult Api<T>(HttpRequest request, Func<GitHubUser, T> answer) =>
        _tokens.TryGetValue(request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal), out var user)
            && request.Headers.UserAgent.Count > 0
            ? Results.Json(answer(user))
            : Results.Json(new { message = "Bad credentials" }, statusCode: 401);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

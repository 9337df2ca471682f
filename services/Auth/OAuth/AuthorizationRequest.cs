using McpGateway.Auth.Model;

namespace McpGateway.Auth.OAuth;

/// <summary>A valid authorization request (RFC 6749 §4.1.1 with PKCE, OIDC Core §3.1.2.1, RFC 8707).</summary>
public sealed record AuthorizationRequest(
    OAuthClient Client,
    string RedirectUri,
    bool RedirectUriSupplied,
    string? State,
    string? Scope,
    string? Resource,
    string CodeChallenge,
    string? Nonce,
    IReadOnlyList<string> Prompt,
    TimeSpan? MaxAge,
    /// <summary>The request as it came, so the login and consent forms can send it back.</summary>
    string Query);

/// <summary>What to do with an authorization request.</summary>
public abstract record AuthorizationValidation
{
    private AuthorizationValidation() { }

    public sealed record Valid(AuthorizationRequest Request) : AuthorizationValidation;

    /// <summary>
    /// The client or redirect_uri is missing or wrong: the user sees an error page and is never redirected, since the
    /// redirect_uri cannot be trusted (RFC 6749 §4.1.2.1).
    /// </summary>
    public sealed record ErrorPage(string Message) : AuthorizationValidation;

    /// <summary>Any other error goes back to the client's (verified) redirect_uri with `error`, `state` and `iss`.</summary>
    public sealed record ErrorRedirect(string RedirectUri, string? State, string Error, string Description) : AuthorizationValidation;
}

using McpGateway.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http;

namespace McpGateway.ServiceDefaults.Authorization;

/// <summary>The caller of the current request as the policy sees it, and where the request came from (for the audit log).</summary>
public sealed class RequestCaller(IHttpContextAccessor accessor)
{
    private Caller? _caller;

    public Caller Caller => _caller ??= Caller.From(accessor.HttpContext?.User);

    /// <summary>The caller's principal; the endpoints that use it require authentication, so it is never null there.</summary>
    public string Principal => Caller.Principal ?? throw ProblemException.Forbidden("This request needs a user or client identity.");

    /// <summary>The caller's email; a client acting for itself has none and cannot use endpoints about "me" as a user.</summary>
    public string Email => Caller.Email ?? throw ProblemException.Forbidden("Only a signed-in user can do this; a client acting for itself has no teams.");

    public string? IpAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public string? UserAgent => accessor.HttpContext?.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent[..Math.Min(agent.Length, 500)] : null;
}

using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Mvc;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace McpGateway.Auth.OAuth.Server;

/// <summary>
/// A refused userinfo request answers with the RFC 6750 challenge OpenIddict writes (`WWW-Authenticate: Bearer ...`) and,
/// like every other error of ours (API.md), an RFC 9457 problem saying why; OpenIddict alone would send an empty body.
/// </summary>
public sealed class UserInfoProblems : IOpenIddictServerHandler<ApplyUserInfoResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyUserInfoResponseContext>()
        .UseSingletonHandler<UserInfoProblems>()
        .SetOrder(OpenIddictServerAspNetCoreHandlers.AttachWwwAuthenticateHeader<ApplyUserInfoResponseContext>.Descriptor.Order + 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ApplyUserInfoResponseContext context)
    {
        if (context.Transaction.Response?.Error is not { } error || context.Transaction.GetHttpRequest()?.HttpContext is not { } http)
        {
            return;
        }
        var status = http.Response.StatusCode;
        var problem = new ProblemDetails
        {
            Status = status,
            Title = status == StatusCodes.Status403Forbidden ? "Forbidden" : "Unauthorized",
            Detail = context.Transaction.Response.ErrorDescription ?? error,
        };
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", context.CancellationToken);
        context.HandleRequest();
    }
}

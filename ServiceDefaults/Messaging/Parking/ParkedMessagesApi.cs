using McpGateway.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace McpGateway.ServiceDefaults.Messaging.Parking;

/// <summary>
/// `/admin/messaging/parked` on each service (platform administrators; a service's own address, not the gateway's):
/// the messages its consumers gave up on, and a way to send one back to its queue once the cause is fixed.
/// </summary>
public static class ParkedMessagesApi
{
    public static RouteGroupBuilder MapParkedMessagesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/admin/messaging/parked")
            .RequireAuthorization(TokenAuthenticationDefaults.PlatformAdminPolicy)
            .WithTags("Messaging");
        api.MapGet("/", ListParkedMessages).WithName("ListParkedMessages").WithSummary("Messages set aside after failing every attempt, oldest first.");
        api.MapPost("/{id}/retry", RetryParkedMessage).WithName("RetryParkedMessage").WithSummary("Sends a parked message back to this service's queue.");
        return api;
    }

    public static async Task<Ok<IReadOnlyList<ParkedMessageSummary>>> ListParkedMessages(IParkedMessages parked, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await parked.ListAsync(Math.Clamp(limit ?? 100, 1, 1000), cancellationToken));

    public static async Task<Results<Accepted, ProblemHttpResult>> RetryParkedMessage(string id, IParkedMessages parked, CancellationToken cancellationToken)
    {
        try
        {
            return Guid.TryParse(id, out _) && await parked.RetryAsync(id, cancellationToken)
                ? TypedResults.Accepted((string?)null)
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: "No parked message has that id.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The transport is down: the message stays parked, to be retried later.
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                detail: "The message could not be sent back to the queue now (the transport is unavailable); it stays parked. Try again later.");
        }
    }
}

using System.Text.Json;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Model;
using McpGateway.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Catalog.Apis;

/// <summary>
/// Prompts (`/prompts`): templates with declared arguments, registered directly or discovered from a gateway. Reads
/// show what the caller may see; changes need `prompts.create|update|delete` in the prompt's team.
/// </summary>
public static class PromptsApi
{
    private static readonly EntityKind Kind = EntityKind.Prompts;
    public const int MaxTemplateLength = 256 * 1024;
    private const int MaxArguments = 100;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static RouteGroupBuilder MapPromptsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/prompts").RequireAuthorization().WithTags("Prompts");
        api.MapGet("/", ListPrompts).WithSummary("The prompts the caller may see");
        api.MapPost("/", CreatePrompt).WithName("CreatePrompt");
        api.MapGet("/{id}", GetPrompt).WithName("GetPrompt");
        api.MapPut("/{id}", UpdatePrompt);
        api.MapDelete("/{id}", DeletePrompt);
        api.MapPost("/{id}/toggle", TogglePrompt);
        return api;
    }

    public static async Task<Results<Ok<List<PromptResponse>>, Ok<ListPage<PromptResponse>>>> ListPrompts(
        [AsParameters] ListQuery query, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "gateway_id")] string? gatewayId,
        [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        services.Access.RequireReadScope(Kind.Read);
        var source = services.Queries.Visible<Prompt>(query);
        if (gatewayId is not null)
        {
            var gateway = Fields.Id("gateway_id", gatewayId);
            source = source.Where(p => p.GatewayId == gateway);
        }
        var (items, total, skip, limit) = await services.Queries.PageAsync(source, query, cancellationToken);
        var prompts = items.Select(PromptResponse.From).ToList();
        return total is { } count ? TypedResults.Ok(new ListPage<PromptResponse>(prompts, count, skip, limit)) : TypedResults.Ok(prompts);
    }

    public static async Task<Ok<PromptResponse>> GetPrompt(string id, [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        services.Access.RequireReadScope(Kind.Read);
        return TypedResults.Ok(PromptResponse.From(await services.Queries.FindVisibleAsync(services.Db.Prompts.AsNoTracking(), Kind, id, cancellationToken)));
    }

    public static async Task<Created<PromptResponse>> CreatePrompt(PromptRequest request, [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        var prompt = new Prompt { Name = PromptName(request.Name), CreatedAt = services.Now, UpdatedAt = services.Now };
        services.Placement.PlaceNew(prompt, Kind, request.TeamId, request.Visibility, request.OwnerEmail);
        prompt.Template = Input.Text("template", request.Template, MaxTemplateLength, required: true, multiline: true);
        Apply(prompt, request);
        await RequireFreeNameAsync(services, prompt, cancellationToken);
        services.Db.Prompts.Add(prompt);
        await services.Db.SaveChangesAsync(cancellationToken);
        services.Changes.Publish(Kind, prompt.Id);
        return TypedResults.Created($"/prompts/{prompt.Id}", PromptResponse.From(prompt));
    }

    public static async Task<Ok<PromptResponse>> UpdatePrompt(string id, PromptRequest request, [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        var prompt = await services.Queries.FindVisibleAsync(services.Db.Prompts, Kind, id, cancellationToken);
        services.Access.Require(Kind.Update, prompt.TeamId);
        services.Placement.Move(prompt, Kind, request.TeamId, request.Visibility, request.OwnerEmail);
        if (request.Name is not null)
        {
            prompt.Name = PromptName(request.Name);
            // A registered prompt's name is also its upstream name (a discovered one keeps the upstream's).
            await ExposedNames.RequireDistinctAfterRenameAsync(services.Db, prompt, cancellationToken);
        }
        if (request.Template is not null)
        {
            prompt.Template = Input.Text("template", request.Template, MaxTemplateLength, required: true, multiline: true);
        }
        Apply(prompt, request);
        await RequireFreeNameAsync(services, prompt, cancellationToken);
        prompt.UpdatedAt = services.Now;
        await services.Db.SaveChangesAsync(cancellationToken);
        services.Changes.Publish(Kind, prompt.Id);
        return TypedResults.Ok(PromptResponse.From(prompt));
    }

    public static async Task<NoContent> DeletePrompt(string id, [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        await services.DeleteAsync(services.Db.Prompts, Kind, id, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<ToggleResponse<PromptResponse>>> TogglePrompt(string id, bool? activate, [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        var prompt = await services.ToggleAsync(services.Db.Prompts, Kind, id, activate, cancellationToken);
        return TypedResults.Ok(new ToggleResponse<PromptResponse>("success", $"Prompt {prompt.Id} {(prompt.Enabled ? "activated" : "deactivated")}",
            PromptResponse.From(prompt)));
    }

    public static string PromptName(string? value) => Fields.Name(value, 255);

    /// <summary>The arguments as the JSON stored for them: `[{name, description, required}]`, names unique.</summary>
    public static string Arguments(IReadOnlyList<PromptArgument>? arguments)
    {
        var list = arguments ?? [];
        if (list.Count > MaxArguments)
        {
            throw ProblemException.BadRequest("arguments", $"At most {MaxArguments} arguments.");
        }
        var checkedArguments = list.Select(a => new PromptArgument(
            Input.Text("arguments.name", a.Name, 255, required: true), Input.Text("arguments.description", a.Description, Fields.MaxDescriptionLength, multiline: true), a.Required)).ToList();
        if (checkedArguments.Select(a => a.Name).Distinct(StringComparer.Ordinal).Count() != checkedArguments.Count)
        {
            throw ProblemException.BadRequest("arguments", "Two arguments have the same name.");
        }
        return JsonSerializer.Serialize(checkedArguments, Json);
    }

    private static void Apply(Prompt prompt, PromptRequest request)
    {
        if (request.Description is not null)
        {
            prompt.Description = Fields.Description(request.Description);
        }
        if (request.Arguments is not null || prompt.Arguments == "[]")
        {
            prompt.Arguments = Arguments(request.Arguments);
        }
        if (request.Tags is not null)
        {
            prompt.Tags = Fields.Tags(request.Tags);
        }
    }

    private static async Task RequireFreeNameAsync(CatalogServices services, Prompt prompt, CancellationToken cancellationToken)
    {
        if (await services.Db.Prompts.AnyAsync(p => p.TeamId == prompt.TeamId && p.Name == prompt.Name && p.Id != prompt.Id, cancellationToken))
        {
            throw ProblemException.Conflict($"A prompt named '{prompt.Name}' already exists in this team.");
        }
    }
}

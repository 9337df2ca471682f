using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;

namespace McpGateway.Admin.Infrastructure;

/// <summary>
/// The public APIs, called through the gateway with the signed-in user's access token, so the user sees and may do
/// exactly what the APIs allow them. Never a database: this app has none.
/// </summary>
public sealed class GatewayApi(HttpClient http, IHttpContextAccessor accessor, ILogger<GatewayApi> logger)
{
    public const string ClientName = "gateway-api";

    /// <summary>The APIs' JSON: snake_case names (ServiceDefaults' convention).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <param name="headers">Sent with the request: a secret goes here, never in <paramref name="path"/> (URLs are logged).</param>
    public Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken = default, IReadOnlyDictionary<string, string>? headers = null) =>
        SendAsync<T>(HttpMethod.Get, path, body: null, cancellationToken, headers: headers);

    public Task<ApiResult<T>> PostAsync<T>(string path, object? body, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Post, path, body, cancellationToken);

    public Task<ApiResult<JsonElement>> PostAsync(string path, object? body, CancellationToken cancellationToken = default) =>
        SendAsync<JsonElement>(HttpMethod.Post, path, body, cancellationToken);

    /// <summary>
    /// A POST whose 409 still answers a <typeparamref name="T"/> rather than a problem (the import's per-entity report
    /// when `conflict_strategy=fail` meets an existing entity): the result carries both that value and the problem.
    /// </summary>
    public Task<ApiResult<T>> PostReadingConflictAsync<T>(string path, object? body, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Post, path, body, cancellationToken, valueOnConflict: true);

    public Task<ApiResult<JsonElement>> PutAsync(string path, object? body, CancellationToken cancellationToken = default) =>
        SendAsync<JsonElement>(HttpMethod.Put, path, body, cancellationToken);

    public Task<ApiResult<JsonElement>> DeleteAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync<JsonElement>(HttpMethod.Delete, path, body: null, cancellationToken);

    /// <summary>
    /// One MCP request to a virtual server's endpoint (`/servers/{id}/mcp`) as a stateless 2026-07-28 JSON-RPC POST: no
    /// session to open or close. The answer is the JSON-RPC response, whether sent as JSON or in an event stream.
    /// </summary>
    public async Task<ApiResult<JsonElement>> McpRequestAsync(string serverId, string method, string? name, object @params, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"servers/{Uri.EscapeDataString(serverId)}/mcp");
        await AuthorizeAsync(request);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", McpMessages.ProtocolVersion);
        request.Headers.Add("Mcp-Method", method);
        if (name is not null)
        {
            request.Headers.Add("Mcp-Name", name);
        }
        request.Content = JsonContent.Create(McpMessages.Request(method, @params));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return ApiResult<JsonElement>.Failure(ApiProblem.Parse(response.StatusCode, text));
            }
            return McpMessages.Response(text, response.Content.Headers.ContentType?.MediaType) is { } message
                ? ApiResult<JsonElement>.Success(message)
                : ApiResult<JsonElement>.Failure(new ApiProblem(StatusCodes.Status502BadGateway, "The MCP endpoint's answer could not be read", null,
                    new Dictionary<string, string[]>()));
        }
        catch (Exception e) when (e is HttpRequestException or Polly.Timeout.TimeoutRejectedException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning("MCP {Method} on server {Server} failed: {Error}", method, serverId, e.Message);
            return ApiResult<JsonElement>.Failure(ApiProblem.Unreachable($"MCP {method} could not be completed."));
        }
    }

    private async Task AuthorizeAsync(HttpRequestMessage request)
    {
        if (accessor.HttpContext is { } context && await context.GetTokenAsync("access_token") is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken,
        bool valueOnConflict = false, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        await AuthorizeAsync(request);
        if (headers is not null)
        {
            foreach (var (name, value) in headers)
            {
                request.Headers.Add(name, value);
            }
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var problem = ApiProblem.Parse(response.StatusCode, text);
                return valueOnConflict && response.StatusCode == HttpStatusCode.Conflict && !IsProblem(response)
                    ? new ApiResult<T>(JsonSerializer.Deserialize<T>(text, Json), problem)
                    : ApiResult<T>.Failure(problem);
            }
            return ApiResult<T>.Success(string.IsNullOrWhiteSpace(text) || response.StatusCode == HttpStatusCode.NoContent
                ? default
                : JsonSerializer.Deserialize<T>(text, Json));
        }
        catch (Exception e) when (e is HttpRequestException or Polly.Timeout.TimeoutRejectedException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning("{Method} {Path} failed: {Error}", method, path, e.Message);
            return ApiResult<T>.Failure(ApiProblem.Unreachable($"{method} {path} could not be completed."));
        }
        catch (JsonException e)
        {
            logger.LogWarning("{Method} {Path} answered JSON this page cannot read: {Error}", method, path, e.Message);
            return ApiResult<T>.Failure(new ApiProblem(StatusCodes.Status502BadGateway, "The API's answer could not be read", null,
                new Dictionary<string, string[]>()));
        }
    }

    private static bool IsProblem(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType == "application/problem+json";
}

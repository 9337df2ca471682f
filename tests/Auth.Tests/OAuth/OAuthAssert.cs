using System.Net;
using System.Text;
using System.Text.Json;

namespace McpGateway.Auth.Tests.OAuth;

/// <summary>Reads responses while checking their status, showing the body when the status is not the expected one.</summary>
public static class OAuthAssert
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>An RFC 6749 §5.2 / RFC 7591 error: this status, this `error`, a description, never cached.</summary>
    public static async Task ErrorAsync(HttpResponseMessage response, string error, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        var body = await JsonAsync(response, status);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error_description").GetString()));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    /// <summary>An RFC 9457 problem with this status and a detail.</summary>
    public static async Task ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await JsonAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
    }

    public static StringContent RawJson(string json) => new(json, Encoding.UTF8, "application/json");
}

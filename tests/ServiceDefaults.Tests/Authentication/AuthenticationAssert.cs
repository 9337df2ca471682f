using System.Net;
using System.Text.Json;

namespace McpGateway.ServiceDefaults.Tests.Authentication;

internal static class AuthenticationAssert
{
    public const string NoCredentials = "This endpoint needs credentials: a bearer token (Authorization: Bearer <token>) or HTTP Basic.";

    /// <summary>
    /// A 401 with the RFC 6750 challenge (<paramref name="bearerChallenge"/> exactly), the Basic challenge when enabled,
    /// and an RFC 9457 problem whose detail says <paramref name="detail"/> and never echoes <paramref name="token"/>.
    /// </summary>
    public static async Task UnauthorizedAsync(HttpResponseMessage response, string bearerChallenge, string detail, string? token = null, bool basicEnabled = true)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenges = response.Headers.WwwAuthenticate.Select(c => c.ToString()).ToList();
        Assert.Contains(bearerChallenge, challenges);
        if (basicEnabled)
        {
            Assert.Contains("Basic realm=\"mcpgateway\", charset=\"UTF-8\"", challenges);
        }
        else
        {
            Assert.DoesNotContain(challenges, c => c.StartsWith("Basic", StringComparison.Ordinal));
        }
        var problem = await ProblemAsync(response, 401);
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
        if (token is not null)
        {
            // Neither the token nor any sizeable part of it (a JWT's payload or signature) comes back.
            var echoed = problem.GetRawText() + string.Join('\n', challenges);
            foreach (var secret in token.Split('.').Where(part => part.Length >= 16).Append(token))
            {
                Assert.DoesNotContain(secret, echoed, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>The 401 challenge for a refused bearer token, as RFC 6750 §3 spells it.</summary>
    public static string InvalidToken(string description) => $"Bearer error=\"invalid_token\", error_description=\"{description}\"";

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace McpGateway.EndToEnd.Tests;

/// <summary>
/// The gateway is the edge: a client's own X-Forwarded-For is not believed, so varying it does not buy a fresh
/// per-address sign-in allowance, at the login API or through HTTP Basic at another service. Runs the stack with the
/// default limits (10 failed sign-ins per address and minute); this class's stack is its own, so nothing else spends them.
/// </summary>
public sealed class ForwardedHeadersTests(StackFixture fixture) : IClassFixture<StackFixture>
{
    private readonly HttpClient _client = fixture.Client;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_varying_X_Forwarded_For_still_meets_the_per_address_login_limit()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/email/login")
            {
                Content = JsonContent.Create(new { email = StackFixture.AdminEmail, password = $"guess-{i}" }),
            };
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            using var response = await _client.SendAsync(request, Cancel);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses.Skip(10));
    }

    [Fact]
    public async Task A_client_varying_X_Forwarded_For_still_meets_the_Basic_limit_at_another_service()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/rbac/permissions/available");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{StackFixture.BasicUser}:guess-{i}")));
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            using var response = await _client.SendAsync(request, Cancel);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses.Skip(10));
    }
}

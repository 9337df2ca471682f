using System.Net;
using System.Net.Http.Headers;
using static McpGateway.ServiceDefaults.Tests.Authentication.AuthenticationAssert;

namespace McpGateway.ServiceDefaults.Tests.Authentication;

/// <summary>HTTP Basic with the configured BASIC_AUTH_USER/BASIC_AUTH_PASSWORD pair, which acts as the platform admin.</summary>
public sealed class BasicAuthenticationTests
{
    private static readonly (string, string?)[] Pair = [("BASIC_AUTH_USER", "admin"), ("BASIC_AUTH_PASSWORD", "changeme")];

    private static async Task<ProtectedApp> StartAsync(FakeAuthServer auth, params (string, string?)[] settings) =>
        await ProtectedApp.StartAsync(auth, settings);

    [Fact]
    public async Task The_configured_pair_signs_in_as_the_platform_admin()
    {
        await using var auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer);
        await using var app = await StartAsync(auth, [.. Pair, ("PLATFORM_ADMIN_EMAIL", "root@corp.example")]);

        using var whoami = await app.GetWithBasicAsync("/whoami", "admin", "changeme");
        using var admin = await app.GetWithBasicAsync("/admin", "admin", "changeme");

        Assert.Equal(HttpStatusCode.OK, whoami.StatusCode);
        Assert.Equal("root@corp.example", await whoami.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal(0, auth.DiscoveryRequests + auth.JwksRequests);
    }

    [Fact]
    public async Task The_default_platform_admin_is_admin_at_example_com()
    {
        await using var auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer);
        await using var app = await StartAsync(auth, Pair);

        using var whoami = await app.GetWithBasicAsync("/whoami", "admin", "changeme");

        Assert.Equal("admin@example.com", await whoami.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("admin", "wrong")]
    [InlineData("admin", "changem")]
    [InlineData("admin", "changeme ")]
    [InlineData("Admin", "changeme")]
    [InlineData("", "")]
    public async Task A_wrong_user_or_password_is_refused(string user, string password)
    {
        await using var auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer);
        await using var app = await StartAsync(auth, Pair);

        using var response = await app.GetWithBasicAsync("/whoami", user, password);

        await UnauthorizedAsync(response, "Bearer", "The user name or password is incorrect.", token: password.Length > 3 ? password : null);
    }

    [Fact]
    public async Task Malformed_Basic_credentials_are_refused()
    {
        await using var auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer);
        await using var app = await StartAsync(auth, Pair);

        using var response = await app.SendAsync("/whoami", new AuthenticationHeaderValue("Basic", "not base64!"));

        await UnauthorizedAsync(response, "Bearer", "The Basic credentials are malformed: expected base64 of user:password.");
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("admin", null)]
    [InlineData(null, "changeme")]
    public async Task With_no_configured_pair_there_are_no_default_credentials(string? user, string? password)
    {
        await using var auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer);
        await using var app = await StartAsync(auth, ("BASIC_AUTH_USER", user), ("BASIC_AUTH_PASSWORD", password));

        using var response = await app.GetWithBasicAsync("/whoami", "admin", "changeme");

        await UnauthorizedAsync(response, "Bearer", "The user name or password is incorrect.");
    }

    [Theory]
    [InlineData("false")]
    [InlineData("False")]
    [InlineData("0")]
    public async Task API_ALLOW_BASIC_AUTH_false_refuses_even_the_right_pair_and_stops_offering_Basic(string setting)
    {
        await using var auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer);
        await using var app = await StartAsync(auth, [.. Pair, ("API_ALLOW_BASIC_AUTH", setting)]);

        using var response = await app.GetWithBasicAsync("/whoami", "admin", "changeme");
        using var anonymous = await app.GetAsync("/whoami");

        await UnauthorizedAsync(response, "Bearer", "HTTP Basic authentication is disabled on this server; use a bearer token.", basicEnabled: false);
        await UnauthorizedAsync(anonymous, "Bearer", NoCredentials, basicEnabled: false);
    }

    [Fact]
    public async Task Basic_failures_are_logged_without_the_user_name_or_password()
    {
        await using var auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer);
        await using var app = await StartAsync(auth, Pair);

        using var response = await app.GetWithBasicAsync("/whoami", "admin-typo-S3cret", "hunter2-S3cret");

        var logs = string.Join('\n', app.Logs.Lines);
        Assert.Contains("Basic credentials rejected: The user name or password is incorrect.", logs);
        Assert.DoesNotContain("S3cret", logs, StringComparison.Ordinal);
    }
}

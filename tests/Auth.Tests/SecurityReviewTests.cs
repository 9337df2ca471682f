using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace McpGateway.Auth.Tests;

/// <summary>
/// The findings of the security review, each replayed as it was reported, on SQLite and on PostgreSQL: every one is now
/// refused or answered 4xx, never 500.
/// </summary>
public abstract partial class AuthServiceTests
{
    // --- HTTP Basic outside the login rate limits ---

    [Fact]
    public async Task Forty_wrong_Basic_guesses_at_the_configured_pair_meet_the_per_address_limit()
    {
        await using var limited = factory.WithSettings(("LOGIN_RATE_LIMIT_PER_MINUTE", "10"));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            using var client = Basic(limited, AuthFactory.BasicUser, $"guess-{i}");
            using var response = await client.GetAsync("/auth/email/me", Cancel);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(30, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Thirty_Basic_guesses_across_thirty_emails_meet_the_per_address_limit()
    {
        await using var limited = factory.WithSettings(("LOGIN_RATE_LIMIT_PER_MINUTE", "10"));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            using var client = Basic(limited, AuthFactory.NewEmail("guessed"), "password-guess");
            using var response = await client.GetAsync("/auth/email/me", Cancel);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    // --- Tokens of a deactivated or deleted account ---

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_deactivated_or_deleted_user_s_access_token_is_refused_at_once(bool delete)
    {
        var user = await factory.CreateUserAsync();
        using var client = factory.CreateClient(await factory.SignInAsync(user.Email, AuthFactory.UserPassword));
        await HttpAssert.JsonAsync(await client.GetAsync("/auth/email/me", Cancel));
        using (var admin = AdminClient())
        {
            using var change = delete
                ? await admin.DeleteAsync($"/auth/email/admin/users/{user.Email}", Cancel)
                : await admin.PutAsJsonAsync($"/auth/email/admin/users/{user.Email}", new { is_active = false }, Cancel);
            await HttpAssert.JsonAsync(change);
        }

        using var me = await client.GetAsync("/auth/email/me", Cancel);
        using var tokens = await client.GetAsync("/tokens", Cancel);

        // The account's closing is on the service's deny-list from its commit: the same answer every service gives.
        Assert.Contains("revoked", (await HttpAssert.ProblemAsync(me, HttpStatusCode.Unauthorized)).Detail());
        await HttpAssert.ProblemAsync(tokens, HttpStatusCode.Unauthorized);
    }

    // --- API tokens wider than their owner ---

    [Theory]
    [InlineData("admin.user_manager")]
    [InlineData("tools.fly")]
    [InlineData("*.*")]
    public async Task An_API_token_cannot_name_a_permission_that_does_not_exist(string permission)
    {
        var user = await factory.CreateUserAsync();
        using var client = factory.CreateClient(await factory.SignInAsync(user.Email, AuthFactory.UserPassword));

        using var response = await client.PostAsJsonAsync("/tokens", new { name = "wide", scope = new { permissions = new[] { permission } } }, Cancel);

        Assert.Contains("scope.permissions", (await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest)).Detail());
    }

    [Theory]
    [InlineData("admin.user_management")]
    [InlineData("*")]
    public async Task Only_a_platform_administrator_may_give_an_API_token_an_administrator_s_permission(string permission)
    {
        var user = await factory.CreateUserAsync();
        var admin = await factory.CreateUserAsync(isAdmin: true);
        using var userClient = factory.CreateClient(await factory.SignInAsync(user.Email, AuthFactory.UserPassword));
        using var adminClient = factory.CreateClient(await factory.SignInAsync(admin.Email, AuthFactory.UserPassword));
        var request = new { name = "admin-scope", scope = new { permissions = new[] { permission } } };

        using var refused = await userClient.PostAsJsonAsync("/tokens", request, Cancel);
        using var allowed = await adminClient.PostAsJsonAsync("/tokens", request, Cancel);

        Assert.Contains(permission, (await HttpAssert.ProblemAsync(refused, HttpStatusCode.Forbidden)).Detail());
        await HttpAssert.JsonAsync(allowed, HttpStatusCode.Created);
    }

    // --- Forms with a NUL, a huge key or a huge value ---

    public static TheoryData<string> FormEndpoints => new(
        "/oauth/token", "/oauth/revoke", "/oauth/introspect", "/oauth/login", "/oauth/consent", "/oauth/logout");

    [Theory]
    [MemberData(nameof(FormEndpoints))]
    public async Task A_form_with_a_NUL_or_an_oversized_key_or_value_is_a_400_never_a_500(string path)
    {
        using var client = factory.CreateClient();
        var forms = new[]
        {
            "client_id=%00&grant_type=client_credentials&token=x",
            "grant_type=authorization_code&code=%00abc&client_id=abc",
            new string('k', 2049) + "=v",
            "client_id=abc&token=" + new string('v', 4 * 1024 * 1024 + 1),
        };

        foreach (var form in forms)
        {
            using var response = await client.PostAsync(path, new StringContent(form, Encoding.ASCII, "application/x-www-form-urlencoded"), Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path} answered {(int)response.StatusCode} to a {form.Length}-character form");
        }
    }

    // --- A NUL in any stored string (PostgreSQL error 22021) ---

    [Fact]
    public async Task A_NUL_in_any_string_that_would_be_stored_is_a_400()
    {
        var user = await factory.CreateUserAsync();
        using var admin = AdminClient();
        using var signedIn = factory.CreateClient(await factory.SignInAsync(user.Email, AuthFactory.UserPassword));
        using var anonymous = factory.CreateClient();
        await using var open = factory.WithSettings(("PUBLIC_REGISTRATION_ENABLED", "true"));
        using var registration = open.CreateClient();

        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["full_name (admin)"] = await admin.PostAsync("/auth/email/admin/users",
                HttpAssert.RawJson($$"""{"email":"{{AuthFactory.NewEmail()}}","password":"{{AuthFactory.UserPassword}}","full_name":"Mallory\u0000"}"""), Cancel),
            ["full_name (register)"] = await registration.PostAsync("/auth/email/register",
                HttpAssert.RawJson($$"""{"email":"{{AuthFactory.NewEmail()}}","password":"{{AuthFactory.UserPassword}}","full_name":"\u0000"}"""), Cancel),
            ["token name"] = await signedIn.PostAsync("/tokens", HttpAssert.RawJson("""{"name":"ci\u0000"}"""), Cancel),
            ["client registration"] = await anonymous.PostAsync("/oauth/register",
                HttpAssert.RawJson("""{"client_name":"x\u0000","redirect_uris":["http://127.0.0.1:9/cb"],"token_endpoint_auth_method":"none"}"""), Cancel),
            ["login email"] = await anonymous.PostAsync("/auth/email/login", HttpAssert.RawJson("""{"email":"a\u0000@example.com","password":"x"}"""), Cancel),
            ["client_id at authorize"] = await anonymous.GetAsync("/oauth/authorize?client_id=%00&response_type=code", Cancel),
            ["user in the query"] = await admin.GetAsync("/auth/email/admin/events?user_email=%00", Cancel),
        };
        using var basic = Basic(factory, "a\u0000@example.com", "password");
        responses["Basic user name"] = await basic.GetAsync("/auth/email/me", Cancel);

        foreach (var (field, response) in responses)
        {
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.NotFound,
                $"{field}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancel)}");
            response.Dispose();
        }
    }

    // --- Look-alike email addresses ---

    [Theory]
    [InlineData("\uff4cookalike")] // fullwidth l: folded, the same account
    [InlineData("lookalike", ".")] // a trailing dot on the domain: the same account
    public async Task A_look_alike_address_that_normalizes_to_an_account_is_that_account(string local, string domainSuffix = "")
    {
        var domain = $"{Guid.NewGuid():N}.example.com";
        await factory.CreateUserAsync($"lookalike@{domain}");
        using var admin = AdminClient();

        using var duplicate = await admin.PostAsJsonAsync("/auth/email/admin/users",
            new { email = $"{local}@{domain}{domainSuffix}", password = AuthFactory.UserPassword }, Cancel);
        var token = await factory.SignInAsync($"{local}@{domain}{domainSuffix}", AuthFactory.UserPassword);

        await HttpAssert.ProblemAsync(duplicate, HttpStatusCode.Conflict);
        using var me = factory.CreateClient(token);
        Assert.Equal($"lookalike@{domain}", (await HttpAssert.JsonAsync(await me.GetAsync("/auth/email/me", Cancel))).GetProperty("email").GetString());
    }

    [Theory]
    [InlineData("look\u200balike")] // zero-width space
    [InlineData("lookal\u0131ke")] // dotless ı
    [InlineData("look\u0430like")] // Cyrillic а
    [InlineData("looka\u0301like")] // a combining accent
    [InlineData("lookalike\u202e")] // a bidi override
    public async Task A_look_alike_address_that_would_be_a_new_account_is_refused(string local)
    {
        var domain = $"{Guid.NewGuid():N}.example.com";
        await factory.CreateUserAsync($"lookalike@{domain}");
        using var admin = AdminClient();

        using var response = await admin.PostAsJsonAsync("/auth/email/admin/users", new { email = $"{local}@{domain}", password = AuthFactory.UserPassword }, Cancel);

        Assert.Contains("email", (await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest)).Detail(), StringComparison.OrdinalIgnoreCase);
    }

    // --- Responses that carry secrets ---

    [Fact]
    public async Task Every_response_that_carries_a_token_is_no_store()
    {
        var user = await factory.CreateUserAsync();
        using var anonymous = factory.CreateClient();
        await using var open = factory.WithSettings(("PUBLIC_REGISTRATION_ENABLED", "true"));
        using var registration = open.CreateClient();

        using var login = await anonymous.PostAsJsonAsync("/auth/email/login", new { email = user.Email, password = AuthFactory.UserPassword }, Cancel);
        using var register = await registration.PostAsJsonAsync("/auth/email/register", new { email = AuthFactory.NewEmail(), password = AuthFactory.UserPassword }, Cancel);
        using var signedIn = factory.CreateClient((await HttpAssert.JsonAsync(login)).GetProperty("access_token").GetString()!);
        using var apiToken = await signedIn.PostAsJsonAsync("/tokens", new { name = "no-store" }, Cancel);

        foreach (var response in new[] { login, register, apiToken })
        {
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage!.RequestUri}: {(int)response.StatusCode}");
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        }
    }

    // --- Unbounded echoes and .NET type names in 400s ---

    [Fact]
    public async Task A_400_repeats_at_most_a_bounded_piece_of_the_input_and_names_no_NET_type()
    {
        var huge = new string('x', 100_000) + "@example.com";
        using var admin = AdminClient();
        using var anonymous = factory.CreateClient();

        using var longEmail = await admin.PostAsJsonAsync("/auth/email/admin/users", new { email = huge, password = AuthFactory.UserPassword }, Cancel);
        using var wrongType = await anonymous.PostAsync("/auth/email/login", HttpAssert.RawJson("""{"email": {"nested": true}, "password": 1}"""), Cancel);
        using var badQuery = await admin.GetAsync("/auth/email/admin/users?skip=" + new string('9', 5000), Cancel);

        foreach (var response in new[] { longEmail, wrongType, badQuery })
        {
            var body = await response.Content.ReadAsStringAsync(Cancel);
            await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.True(body.Length < 2000, $"a {body.Length}-character answer: {body[..200]}");
            Assert.DoesNotContain("System.", body);
            Assert.DoesNotContain("LoginRequest", body);
            Assert.DoesNotContain("Int32", body);
        }
    }

    private static HttpClient Basic(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> host, string user, string password)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }
}

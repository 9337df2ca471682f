using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.Auth.Tests;

/// <summary>
/// Every field of every form and JSON body the auth service reads, set in turn to hostile values (empty, NUL and other
/// control characters, direction overrides, 100,000 characters, SQL and path tricks, random characters, and in JSON the
/// wrong type): the answer is never a 5xx, on SQLite nor on PostgreSQL (which refuses a NUL in text). Deterministic: the
/// random values come from a fixed seed, so a failure replays.
/// </summary>
public abstract partial class AuthServiceTests
{
    private static readonly string[] HostileText = BuildHostileText();

    private static readonly JsonNode?[] WrongTypes = [JsonValue.Create(123), JsonValue.Create(true), new JsonArray(), new JsonObject(), null, JsonValue.Create(1e300)];

    private static string[] BuildHostileText()
    {
        var random = new Random(20261201);
        var values = new List<string>
        {
            "", " ", "\0", "a\0b", "\u0001\u001f\u007f", "\u202e\u200b", "%00", "' OR 1=1 --", "../../etc/passwd", "🦄",
            new string('x', 100_000), "admin@example.com\0", "http://127.0.0.1:1/\0",
        };
        for (var i = 0; i < 4; i++)
        {
            values.Add(new string(Enumerable.Range(0, random.Next(1, 300)).Select(_ => (char)random.Next(0, 0x3000)).ToArray()));
        }
        return [.. values];
    }

    public static TheoryData<string, string> FormFields => new()
    {
        { "/oauth/token", "grant_type code code_verifier redirect_uri client_id client_secret refresh_token scope resource" },
        { "/oauth/revoke", "token token_type_hint client_id client_secret" },
        { "/oauth/introspect", "token token_type_hint client_id client_secret" },
        { "/oauth/authorize", "client_id redirect_uri response_type scope state code_challenge code_challenge_method nonce prompt max_age resource response_mode" },
        { "/oauth/login", "client_id redirect_uri response_type code_challenge code_challenge_method email password csrf_token" },
        { "/oauth/consent", "client_id redirect_uri response_type code_challenge code_challenge_method decision csrf_token" },
        { "/oauth/logout", "id_token_hint post_logout_redirect_uri client_id state" },
        { "/oauth/userinfo", "access_token" },
    };

    [Theory]
    [MemberData(nameof(FormFields))]
    public async Task No_hostile_value_in_any_form_field_makes_a_5xx(string path, string fields)
    {
        await using var unlimited = factory.WithSettings(("OAUTH_TOKEN_RATE_LIMIT_PER_MINUTE", "0"), ("OAUTH_REGISTRATION_RATE_LIMIT_PER_MINUTE", "0"));
        using var client = unlimited.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var registered = await RegisterPublicClientAsync(client);
        var baseline = new Dictionary<string, string>
        {
            ["client_id"] = registered, ["redirect_uri"] = "http://127.0.0.1:7777/callback", ["response_type"] = "code",
            ["code_challenge"] = new string('A', 43), ["code_challenge_method"] = "S256", ["grant_type"] = "authorization_code",
            ["code"] = "not-a-code", ["code_verifier"] = new string('v', 43), ["token"] = "not-a-token",
        };
        foreach (var field in fields.Split(' '))
        {
            foreach (var value in HostileText)
            {
                var form = new Dictionary<string, string>(baseline) { [field] = value };
                using var posted = await client.PostAsync(path, new FormUrlEncodedContent(form), Cancel);
                AssertNo5xx(posted, $"POST {path} {field}={Describe(value)}");
                if (path is "/oauth/authorize" or "/oauth/logout" or "/oauth/userinfo")
                {
                    using var got = await client.GetAsync(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path, form!), Cancel);
                    AssertNo5xx(got, $"GET {path} {field}={Describe(value)}");
                }
            }
        }
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/oauth/userinfo");
        bearer.Headers.TryAddWithoutValidation("Authorization", "Bearer " + new string('x', 100_000));
        AssertNo5xx(await client.SendAsync(bearer, Cancel), "a 100,000-character bearer token at userinfo");
    }

    public static TheoryData<string, string, string> JsonBodies => new()
    {
        { "POST", "/auth/email/login", """{"email":"someone@example.com","password":"password-1"}""" },
        { "POST", "/auth/email/register", """{"email":"new@example.com","password":"password-1","full_name":"New"}""" },
        { "POST", "/auth/email/change-password", """{"old_password":"password-1","new_password":"password-2"}""" },
        { "POST", "/auth/email/admin/users", """{"email":"made@example.com","password":"password-1","full_name":"Made","is_admin":false}""" },
        { "PUT", "/auth/email/admin/users/{user}", """{"full_name":"Admin","is_admin":true,"is_active":true,"password":"password-1"}""" },
        { "POST", "/tokens", """{"name":"n","description":"d","expires_in_days":7,"team_id":"t","scope":{"server_id":"s","permissions":["tools.read"],"ip_restrictions":["10.0.0.0/8"]}}""" },
        { "DELETE", "/tokens/no-such-token", """{"reason":"r"}""" },
        { "POST", "/oauth/register", """{"client_name":"c","redirect_uris":["http://127.0.0.1:9/cb"],"grant_types":["authorization_code"],"response_types":["code"],"token_endpoint_auth_method":"none","scope":"openid","post_logout_redirect_uris":["http://127.0.0.1:9/out"]}""" },
    };

    [Theory]
    [MemberData(nameof(JsonBodies))]
    public async Task No_hostile_value_in_any_JSON_field_makes_a_5xx(string method, string path, string valid)
    {
        await using var open = factory.WithSettings(("PUBLIC_REGISTRATION_ENABLED", "true"), ("OAUTH_REGISTRATION_RATE_LIMIT_PER_MINUTE", "0"));
        using var client = open.CreateClient();
        // An administrator: every endpoint reads its body instead of refusing the caller first.
        client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AuthFactory.BasicUser}:{AuthFactory.BasicPassword}")));
        if (path.StartsWith("/tokens", StringComparison.Ordinal) || path.EndsWith("change-password", StringComparison.Ordinal))
        {
            var user = await factory.CreateUserAsync(password: "password-1");
            client.DefaultRequestHeaders.Authorization = new("Bearer", await factory.SignInAsync(user.Email, "password-1"));
        }
        if (path.Contains("{user}", StringComparison.Ordinal))
        {
            // Not the platform admin: a fuzzed password or is_active must not lock the other tests out.
            path = path.Replace("{user}", (await factory.CreateUserAsync()).Email, StringComparison.Ordinal);
        }
        foreach (var (pointer, node) in Leaves(JsonNode.Parse(valid)!, ""))
        {
            foreach (var replacement in HostileText.Select(text => (JsonNode?)JsonValue.Create(text)).Concat(WrongTypes))
            {
                var body = JsonNode.Parse(valid)!;
                Replace(body, pointer, replacement?.DeepClone());
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
                using var response = await client.SendAsync(request, Cancel);
                AssertNo5xx(response, $"{method} {path} {pointer}={Describe(replacement?.ToJsonString() ?? "null")}");
            }
        }
    }

    private async Task<string> RegisterPublicClientAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/oauth/register",
            new { redirect_uris = new[] { "http://127.0.0.1:7777/callback" }, token_endpoint_auth_method = "none" }, Cancel);
        return (await HttpAssert.JsonAsync(response, HttpStatusCode.Created)).GetProperty("client_id").GetString()!;
    }

    /// <summary>Every value in a JSON document with its path (`/scope/permissions/0`), objects and arrays included.</summary>
    private static IEnumerable<(string Pointer, JsonNode Node)> Leaves(JsonNode node, string pointer)
    {
        if (pointer.Length > 0)
        {
            yield return (pointer, node);
        }
        IEnumerable<(string, JsonNode?)> children = node switch
        {
            JsonObject o => o.Select(p => ($"{pointer}/{p.Key}", p.Value)),
            JsonArray a => a.Select((v, i) => ($"{pointer}/{i}", v)),
            _ => [],
        };
        foreach (var (childPointer, child) in children)
        {
            if (child is not null)
            {
                foreach (var leaf in Leaves(child, childPointer))
                {
                    yield return leaf;
                }
            }
        }
    }

    private static void Replace(JsonNode root, string pointer, JsonNode? value)
    {
        var segments = pointer.Trim('/').Split('/');
        var parent = segments[..^1].Aggregate(root, (node, segment) => node is JsonArray array ? array[int.Parse(segment)]! : node[segment]!);
        if (parent is JsonArray list)
        {
            list[int.Parse(segments[^1])] = value;
        }
        else
        {
            parent[segments[^1]] = value;
        }
    }

    private static void AssertNo5xx(HttpResponseMessage response, string what)
    {
        using (response)
        {
            Assert.True((int)response.StatusCode < 500, $"{what} answered {(int)response.StatusCode}");
        }
    }

    private static string Describe(string value) =>
        value.Length > 40 ? $"<{value.Length} characters>" : string.Concat(value.Select(c => char.IsControl(c) || c > 0x7e ? $"\\u{(int)c:x4}" : c.ToString()));
}

using McpGateway.ServiceDefaults.Authentication;
using Microsoft.Extensions.Configuration;

namespace McpGateway.ServiceDefaults.Tests.Authentication;

public sealed class TokenAuthenticationOptionsTests
{
    private static TokenAuthenticationOptions Load(params (string Key, string Value)[] settings)
    {
        var options = new TokenAuthenticationOptions();
        options.Load(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());
        return options;
    }

    [Fact]
    public void With_no_settings_the_issuer_is_the_local_gateway_and_Basic_has_no_credentials()
    {
        var options = Load();

        Assert.Equal("http://localhost:4444", options.Issuer);
        Assert.Equal(["mcpgateway-api"], options.ValidAudiences);
        Assert.Equal(new Uri("http://localhost:4444"), options.AuthServiceAddress);
        Assert.True(options.RequireJti);
        Assert.True(options.AllowBasicAuth);
        Assert.Null(options.BasicAuthUser);
        Assert.Null(options.BasicAuthPassword);
        Assert.Equal("admin@example.com", options.PlatformAdminEmail);
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10)), (options.KeysRefreshInterval, options.KeysCacheDuration));
    }

    [Fact]
    public void The_issuer_defaults_to_APP_DOMAIN_and_JWT_ISSUER_wins_over_it()
    {
        Assert.Equal("https://mcp.example.com", Load(("APP_DOMAIN", "https://mcp.example.com")).Issuer);
        Assert.Equal("https://id.example.com", Load(("APP_DOMAIN", "https://mcp.example.com"), ("JWT_ISSUER", "https://id.example.com")).Issuer);
    }

    [Fact]
    public void Keys_are_fetched_from_the_auth_service_s_internal_address_given_by_service_discovery()
    {
        var options = Load(("JWT_ISSUER", "https://mcp.example.com"), ("services:auth:http:0", "http://10.0.0.7:8080"));

        Assert.Equal(new Uri("http://10.0.0.7:8080"), options.AuthServiceAddress);
    }

    [Fact]
    public void Further_audiences_can_be_accepted_in_code()
    {
        var options = Load(("JWT_AUDIENCE", "my-api"));
        options.AudienceValidator = audience => audience.StartsWith("http://localhost:4444/servers/", StringComparison.Ordinal);

        Assert.True(options.IsValidAudience("my-api"));
        Assert.True(options.IsValidAudience("http://localhost:4444/servers/42/mcp"));
        Assert.False(options.IsValidAudience("mcpgateway-api"));
    }

    [Theory]
    [InlineData("REQUIRE_JTI", "maybe", "REQUIRE_JTI must be true or false")]
    [InlineData("JWKS_REFRESH_INTERVAL_SECONDS", "0", "JWKS_REFRESH_INTERVAL_SECONDS must be a whole number of at least 1")]
    [InlineData("JWKS_CACHE_MINUTES", "1", "JWKS_CACHE_MINUTES must be a whole number of at least 5")]
    [InlineData("services:auth:http:0", "auth:8080", "is not an http(s) URL")]
    public void A_malformed_setting_is_refused_with_its_name(string key, string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Load((key, value)));

        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("http://localhost:4444/oauth/jwks", "http://10.0.0.7:8080/oauth/jwks")]
    [InlineData("https://mcp.example.com/oauth/jwks?v=2", "http://10.0.0.7:8080/oauth/jwks?v=2")]
    [InlineData("/oauth/jwks", "http://10.0.0.7:8080/oauth/jwks")]
    public void The_published_jwks_uri_is_fetched_at_its_path_on_the_internal_address(string published, string fetched)
    {
        var discovery = new Uri("http://10.0.0.7:8080/.well-known/openid-configuration");

        Assert.Equal(new Uri(fetched), InternalJwksConfigurationRetriever.InternalAddress(discovery, published));
    }
}

using System.Security.Cryptography;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using McpGateway.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Bench.TokenValidation;

/// <summary>
/// One bearer validation with the keys already cached (as on every request after the first), RS256 and ES256, at three
/// depths: the library call alone; <see cref="AccessTokenHandler"/> (what JwtBearer calls: the library plus algorithm
/// check, jti, deny-list); and the ASP.NET Core authentication path a request takes (policy scheme → JwtBearer with our
/// events → ticket).
/// Keys are parsed from a JWKS document, as services get them from the auth service.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class BearerValidationBenchmarks
{
    private const string Issuer = "http://localhost:4444";

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(StatisticColumn.P50, StatisticColumn.P95);
            SummaryStyle = SummaryStyle.Default.WithTimeUnit(Perfolizer.Horology.TimeUnit.Microsecond);
        }
    }

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private TokenValidationParameters _parameters = null!;
    private AccessTokenHandler _validator = null!;
    private TokenValidationParameters _validatorParameters = null!;
    private IServiceProvider _services = null!;
    private string _rs256 = null!;
    private string _es256 = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rsa = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "rsa-1" };
        var ec = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "ec-1" };
        _rs256 = Sign(rsa, SecurityAlgorithms.RsaSha256);
        _es256 = Sign(ec, SecurityAlgorithms.EcdsaSha256);

        var keys = new OpenIdConnectConfiguration { Issuer = Issuer, JsonWebKeySet = new JsonWebKeySet(Jwks(rsa, ec)) };
        foreach (var key in keys.JsonWebKeySet.GetSigningKeys())
        {
            keys.SigningKeys.Add(key);
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("JWT_ISSUER", Issuer)]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddTokenAuthentication();
        // The replaceable key source, as the auth service replaces it: keys in memory, no HTTP.
        builder.Services.AddSingleton<IConfigurationManager<OpenIdConnectConfiguration>>(new StaticConfigurationManager<OpenIdConnectConfiguration>(keys));
        _services = builder.Build().Services;
        _validator = new AccessTokenHandler(_services.GetRequiredService<TokenDenyList>(), _services.GetRequiredService<IOptions<TokenAuthenticationOptions>>().Value);
        // As JwtBearer passes them: our parameters with the key source's keys.
        _validatorParameters = _validator.CreateValidationParameters();
        _validatorParameters.IssuerSigningKeys = keys.SigningKeys;

        _parameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = TokenAuthenticationOptions.DefaultAudience,
            ValidAlgorithms = AccessTokenHandler.AllowedAlgorithms,
            IssuerSigningKeys = keys.SigningKeys,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = "sub",
        };
        foreach (var token in new[] { _rs256, _es256 })
        {
            if (!_validator.ValidateTokenAsync(token, _validatorParameters).GetAwaiter().GetResult().IsValid || !AuthenticateAsync(token).GetAwaiter().GetResult())
            {
                throw new InvalidOperationException("The benchmark's tokens do not validate; the numbers would measure a failure path.");
            }
        }
    }

    [Benchmark(Description = "JsonWebTokenHandler.ValidateTokenAsync RS256")]
    public async Task<bool> LibraryRs256() => (await _handler.ValidateTokenAsync(_rs256, _parameters)).IsValid;

    [Benchmark(Description = "JsonWebTokenHandler.ValidateTokenAsync ES256")]
    public async Task<bool> LibraryEs256() => (await _handler.ValidateTokenAsync(_es256, _parameters)).IsValid;

    [Benchmark(Description = "AccessTokenHandler RS256")]
    public async Task<bool> ValidatorRs256() => (await _validator.ValidateTokenAsync(_rs256, _validatorParameters)).IsValid;

    [Benchmark(Description = "AccessTokenHandler ES256")]
    public async Task<bool> ValidatorEs256() => (await _validator.ValidateTokenAsync(_es256, _validatorParameters)).IsValid;

    [Benchmark(Description = "HttpContext.AuthenticateAsync RS256")]
    public Task<bool> HandlerRs256() => AuthenticateAsync(_rs256);

    [Benchmark(Description = "HttpContext.AuthenticateAsync ES256")]
    public Task<bool> HandlerEs256() => AuthenticateAsync(_es256);

    private async Task<bool> AuthenticateAsync(string token)
    {
        using var scope = _services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = "Bearer " + token;
        return (await context.AuthenticateAsync(TokenAuthenticationDefaults.Scheme)).Succeeded;
    }

    private static string Sign(SecurityKey key, string algorithm) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = TokenAuthenticationOptions.DefaultAudience,
        Expires = DateTime.UtcNow.AddHours(12),
        TokenType = "at+jwt",
        Claims = new Dictionary<string, object>
        {
            ["sub"] = "alice@example.com", ["email"] = "alice@example.com", ["jti"] = Guid.NewGuid().ToString("N"),
            ["scope"] = "tools.read tools.execute", ["client_id"] = "bench",
        },
        SigningCredentials = new SigningCredentials(key, algorithm),
    });

    private static string Jwks(RsaSecurityKey rsa, ECDsaSecurityKey ec)
    {
        var r = rsa.Rsa.ExportParameters(false);
        var e = ec.ECDsa.ExportParameters(false);
        return JsonSerializer.Serialize(new
        {
            keys = new object[]
            {
                new { kty = "RSA", use = "sig", alg = "RS256", kid = rsa.KeyId, n = Base64UrlEncoder.Encode(r.Modulus), e = Base64UrlEncoder.Encode(r.Exponent) },
                new { kty = "EC", use = "sig", alg = "ES256", kid = ec.KeyId, crv = "P-256", x = Base64UrlEncoder.Encode(e.Q.X), y = Base64UrlEncoder.Encode(e.Q.Y) },
            },
        });
    }
}

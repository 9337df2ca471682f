using System.Security.Claims;
using McpGateway.ServiceDefaults.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.ServiceDefaults.Tests.Authentication;

/// <summary>
/// <see cref="AccessTokenHandler"/> remembers a token that passed, so its next requests skip the signature check; what
/// can change meanwhile (revocation, the published keys, expiry) still counts on every request.
/// </summary>
public sealed class RememberedTokenTests : IDisposable
{
    private readonly TestSigningKey _key = TestSigningKey.Rsa("rsa-1");
    private readonly TokenDenyList _denyList = new(TimeProvider.System);
    private readonly AccessTokenHandler _handler;

    public RememberedTokenTests()
    {
        var options = new TokenAuthenticationOptions { Issuer = ProtectedApp.Issuer, ClockSkew = TimeSpan.Zero };
        options.ValidAudiences.Add(TokenAuthenticationOptions.DefaultAudience);
        _handler = new AccessTokenHandler(_denyList, options);
    }

    public void Dispose() => _handler.Dispose();

    [Fact]
    public async Task A_token_that_passed_is_not_verified_again_while_its_key_id_is_still_published()
    {
        var token = _key.Sign(new TokenSpec());
        Assert.True((await ValidateAsync(token, _key.Key)).IsValid);

        // Another key under the same id: a second signature check would fail; the remembered token needs none.
        var impostor = TestSigningKey.Rsa(_key.Kid);
        Assert.True((await ValidateAsync(token, impostor.Key)).IsValid);
        Assert.False((await ValidateAsync(_key.Sign(new TokenSpec()), impostor.Key)).IsValid);
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_revoked_or_once_its_key_is_withdrawn()
    {
        var spec = new TokenSpec();
        var revoked = _key.Sign(spec);
        var other = _key.Sign(new TokenSpec { Subject = "bob@example.com" });
        Assert.True((await ValidateAsync(revoked, _key.Key)).IsValid);
        Assert.True((await ValidateAsync(other, _key.Key)).IsValid);

        _denyList.Revoke(spec.Jti!, spec.Expires);
        var refused = await ValidateAsync(revoked, _key.Key);
        Assert.False(refused.IsValid);
        Assert.Equal(AccessTokenHandler.Revoked, refused.Exception.Message);

        Assert.False((await ValidateAsync(other, TestSigningKey.Rsa("rsa-2").Key)).IsValid);
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_it_expires()
    {
        var expires = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddSeconds(2).ToUnixTimeSeconds());
        var token = _key.Sign(new TokenSpec { Expires = expires });
        Assert.True((await ValidateAsync(token, _key.Key)).IsValid);

        await Task.Delay(expires - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);

        var refused = await ValidateAsync(token, _key.Key);
        Assert.False(refused.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(refused.Exception);
    }

    [Fact]
    public async Task Each_request_gets_an_identity_of_its_own()
    {
        var token = _key.Sign(new TokenSpec());
        var first = await ValidateAsync(token, _key.Key);
        first.ClaimsIdentity.AddClaim(new Claim("added-by", "the first request"));

        var second = await ValidateAsync(token, _key.Key);

        Assert.True(second.IsValid);
        Assert.Null(second.ClaimsIdentity.FindFirst("added-by"));
        Assert.Equal("alice@example.com", second.ClaimsIdentity.FindFirst("sub")?.Value);
    }

    private Task<TokenValidationResult> ValidateAsync(string token, SecurityKey publishedKey)
    {
        var parameters = _handler.CreateValidationParameters();
        parameters.IssuerSigningKeys = [publishedKey];
        return _handler.ValidateTokenAsync(token, parameters);
    }
}

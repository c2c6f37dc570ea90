using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using Ticketing.Api.Auth;

namespace Ticketing.Api.Tests.Auth;

/// <summary>Repeats of a valid token are answered from memory from its second full check on, and never past the token's expiry.</summary>
public sealed class ValidatedTokenCacheTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly ValidatedTokenCache _cache;
    private readonly SymmetricSecurityKey _key = new(RandomNumberGenerator.GetBytes(64));
    private readonly TokenIssuer _issuer;

    public ValidatedTokenCacheTests()
    {
        _cache = new ValidatedTokenCache(_clock);
        var options = Options.Create(new AuthOptions { SigningKey = Convert.ToBase64String(_key.Key) });
        _issuer = new TokenIssuer(new JwtSigningKey(options), options, _clock);
    }

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task ARepeatIsAnsweredFromMemoryWithTheSameClaims()
    {
        var token = _issuer.Issue("fan-7", ApiClaims.CustomerRole, TimeSpan.FromMinutes(5));
        Assert.True((await _cache.ValidateTokenAsync(token, Parameters(_key))).IsValid);
        var first = await _cache.ValidateTokenAsync(token, Parameters(_key));

        // The repeat is not checked against the key again: a different key would refuse it in full.
        var repeat = await _cache.ValidateTokenAsync(token, Parameters(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64))));

        Assert.True(first.IsValid);
        Assert.True(repeat.IsValid);
        Assert.Equal("fan-7", repeat.ClaimsIdentity.FindFirst(ApiClaims.Subject)?.Value);
        Assert.Equal(ApiClaims.CustomerRole, repeat.ClaimsIdentity.FindFirst(ApiClaims.Role)?.Value);
    }

    [Fact]
    public async Task ATokenSeenOnceIsNotRemembered()
    {
        var token = _issuer.Issue("fan-6", ApiClaims.CustomerRole, TimeSpan.FromMinutes(5));
        Assert.True((await _cache.ValidateTokenAsync(token, Parameters(_key))).IsValid);

        // Checked in full again: under another key it is refused.
        var again = await _cache.ValidateTokenAsync(token, Parameters(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64))));

        Assert.False(again.IsValid);
    }

    [Fact]
    public async Task ChecksOfOneTokenAtOnceAllPassAndTheTokenIsRememberedAfter()
    {
        var token = _issuer.Issue("fan-5", ApiClaims.CustomerRole, TimeSpan.FromMinutes(5));

        var answers = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => _cache.ValidateTokenAsync(token, Parameters(_key)))));
        var later = await _cache.ValidateTokenAsync(token, Parameters(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64))));

        Assert.All(answers, answer => Assert.Equal("fan-5", answer.ClaimsIdentity.FindFirst(ApiClaims.Subject)?.Value));
        Assert.True(later.IsValid);
    }

    [Fact]
    public async Task AForgedTokenIsNeverRemembered()
    {
        var forger = new TokenIssuer(
            new JwtSigningKey(Options.Create(new AuthOptions { SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)) })),
            Options.Create(new AuthOptions()), _clock);
        var forged = forger.Issue("intruder", ApiClaims.AdminRole, TimeSpan.FromMinutes(5));

        Assert.False((await _cache.ValidateTokenAsync(forged, Parameters(_key))).IsValid);
        Assert.False((await _cache.ValidateTokenAsync(forged, Parameters(_key))).IsValid);
    }

    [Fact]
    public async Task ARememberedTokenIsRefusedOnceItExpires()
    {
        var token = _issuer.Issue("fan-8", ApiClaims.CustomerRole, TimeSpan.FromSeconds(2));
        Assert.True((await _cache.ValidateTokenAsync(token, Parameters(_key))).IsValid);
        Assert.True((await _cache.ValidateTokenAsync(token, Parameters(_key))).IsValid);

        _clock.Advance(TimeSpan.FromSeconds(3));

        Assert.False((await _cache.ValidateTokenAsync(token, Parameters(_key))).IsValid);
    }

    [Fact]
    public async Task EveryAnswerHasItsOwnIdentity()
    {
        var token = _issuer.Issue("fan-9", ApiClaims.CustomerRole, TimeSpan.FromMinutes(5));
        Assert.True((await _cache.ValidateTokenAsync(token, Parameters(_key))).IsValid);
        var first = await _cache.ValidateTokenAsync(token, Parameters(_key));

        first.ClaimsIdentity.AddClaim(new Claim(ApiClaims.Role, ApiClaims.AdminRole));
        var repeat = await _cache.ValidateTokenAsync(token, Parameters(_key));

        Assert.DoesNotContain(repeat.ClaimsIdentity.FindAll(ApiClaims.Role), claim => claim.Value == ApiClaims.AdminRole);
    }

    /// <summary>The full check reads the same clock as the cache, so moving it expires tokens for both.</summary>
    private TokenValidationParameters Parameters(SecurityKey key) => new()
    {
        LifetimeValidator = (_, expires, _, _) => expires > _clock.GetUtcNow().UtcDateTime,
        ValidIssuer = new AuthOptions().Issuer,
        ValidAudience = new AuthOptions().Audience,
        IssuerSigningKey = key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.Zero,
    };
}

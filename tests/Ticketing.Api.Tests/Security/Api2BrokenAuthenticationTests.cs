using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Ticketing.Api.Auth;
using Ticketing.Api.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.Security;

/// <summary>
/// OWASP API2:2023 Broken Authentication. Every token that is not signed by a key the Api trusts, for its issuer
/// and audience, inside its lifetime, answers 401 problem details; tokens of an identity provider are checked
/// against the keys of its JWKS document, fetched again when the provider rotates to a new key.
/// </summary>
public sealed class Api2BrokenAuthenticationTests(ApiFixture api, Api2BrokenAuthenticationTests.ProviderApi provider)
    : IClassFixture<ApiFixture>, IClassFixture<Api2BrokenAuthenticationTests.ProviderApi>
{
    private const string SignedInRoute = "/api/v1/me/orders";

    public static TheoryData<string> Forgeries =>
    [
        "alg-none",
        "expired",
        "not-yet-valid",
        "wrong-issuer",
        "wrong-audience",
        "wrong-key",
        "no-subject",
    ];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task ATokenTheApiDidNotIssueForItselfAnswers401(string forgery)
    {
        var token = Forge(forgery);

        (await api.GetAsync(SignedInRoute, new TestUser("fan", token))).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task TheSameClaimsSignedProperlyAreAccepted()
    {
        // The control for the forgeries above: only the flaw each one carries is refused.
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(SignedInRoute, new TestUser("fan", Sign(Claims())))).Status);
    }

    [Fact]
    public async Task AnRs256AndAnEs256TokenFromTheProvidersJwksAreAccepted()
    {
        var rsa = provider.Rsa.Issue("idp-fan-rsa", "ticketing");
        var ec = provider.Ec.Issue("idp-fan-ec", "ticketing");

        Assert.Equal(HttpStatusCode.OK, (await provider.Api.GetAsync(SignedInRoute, new TestUser("idp-fan-rsa", rsa))).Status);
        Assert.Equal(HttpStatusCode.OK, (await provider.Api.GetAsync(SignedInRoute, new TestUser("idp-fan-ec", ec))).Status);
        // The process's own HMAC key still signs valid tokens beside the provider's.
        Assert.Equal(HttpStatusCode.OK, (await provider.Api.GetAsync(SignedInRoute, provider.Api.NewUser())).Status);
    }

    [Fact]
    public async Task AProviderTokenForAnotherAudienceOrIssuerAnswers401()
    {
        var audience = provider.Rsa.Issue("idp-fan", "ticketing", audience: "another-api");
        var issuer = provider.Rsa.Issue("idp-fan", "https://another-issuer.example");

        (await provider.Api.GetAsync(SignedInRoute, new TestUser("idp-fan", audience))).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await provider.Api.GetAsync(SignedInRoute, new TestUser("idp-fan", issuer))).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task AKeyTheProviderNeverPublishedIsRefusedEvenAfterTheKeysAreFetchedAgain()
    {
        using var stranger = SigningKey.Rsa("never-published");
        var token = new TestUser("intruder", stranger.Issue("intruder", "ticketing"));
        var reads = provider.Identity.JwksReads;

        (await provider.Api.GetAsync(SignedInRoute, token)).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        // An unknown key id sends the Api back to the JWKS document; the key is not there, so the answer stays 401.
        await Eventually.HoldsAsync(() => provider.Identity.JwksReads > reads);
        (await provider.Api.GetAsync(SignedInRoute, token)).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task AKeyThatTheProviderRotatesInIsFetchedAndItsTokensAccepted()
    {
        using var rotated = SigningKey.Rsa($"rotated-{Guid.NewGuid():N}");
        var token = new TestUser("rotated-fan", rotated.Issue("rotated-fan", "ticketing"));
        provider.Identity.Publish(rotated);

        // The Api read the JWKS before the rotation; the new key id makes it read the document again.
        await Eventually.HoldsAsync(async () => (await provider.Api.GetAsync(SignedInRoute, token)).Status == HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnHs256TokenKeyedWithTheProvidersPublicKeyIsRefused()
    {
        // Algorithm confusion: the public JWKS is no secret, so an HMAC keyed with it must not pass for the provider's signature.
        using var http = new HttpClient();
        var jwks = await http.GetByteArrayAsync(provider.Identity.JwksUrl);

        var forged = Sign(Claims(), new SymmetricSecurityKey(jwks) { KeyId = "rsa-1" });

        (await provider.Api.GetAsync(SignedInRoute, new TestUser("fan", forged))).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("Auth:JwksUrl", "http://idp.example/jwks")]
    [InlineData("Auth:Authority", "not an address")]
    public async Task AProviderAddressThatIsNotHttpsStopsTheStart(string setting, string address)
    {
        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            ApiFixture.StartAsync(new Dictionary<string, string> { [setting] = address }));

        Assert.Contains("https", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAnAuthorityTheKeysAndIssuerComeFromItsDiscoveryDocument()
    {
        await using var identity = await IdentityProvider.StartAsync();
        using var key = SigningKey.EcP256("discovered");
        identity.Publish(key);
        var discovered = await ApiFixture.StartAsync(new Dictionary<string, string>
        {
            ["Auth:Authority"] = identity.Authority.ToString(),
            ["Auth:RequireHttpsMetadata"] = "false",
        });
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await discovered.GetAsync(SignedInRoute, new TestUser("oidc-fan", key.Issue("oidc-fan", identity.Issuer)))).Status);
            (await discovered.GetAsync(SignedInRoute, new TestUser("oidc-fan", key.Issue("oidc-fan", "https://elsewhere.example"))))
                .AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        }
        finally
        {
            await discovered.DisposeAsync();
        }
    }

    private string Forge(string forgery)
    {
        var now = DateTime.UtcNow;
        return forgery switch
        {
            "alg-none" => Unsigned(),
            "expired" => Sign(Claims(notBefore: now.AddHours(-2), expires: now.AddMinutes(-5))),
            "not-yet-valid" => Sign(Claims(notBefore: now.AddMinutes(5), expires: now.AddHours(1))),
            "wrong-issuer" => Sign(Claims(issuer: "someone-else")),
            "wrong-audience" => Sign(Claims(audience: "another-api")),
            "wrong-key" => Sign(Claims(), new SymmetricSecurityKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64))),
            "no-subject" => Sign(Claims(subject: null)),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };
    }

    private static SecurityTokenDescriptor Claims(
        string issuer = "ticketing", string audience = "ticketing-api", string? subject = "fan", DateTime? notBefore = null, DateTime? expires = null)
    {
        var now = DateTime.UtcNow;
        var claims = new List<Claim> { new(ApiClaims.Role, ApiClaims.CustomerRole) };
        if (subject is not null)
        {
            claims.Add(new Claim(ApiClaims.Subject, subject));
        }

        return new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = notBefore ?? now.AddMinutes(-1),
            IssuedAt = notBefore ?? now.AddMinutes(-1),
            Expires = expires ?? now.AddHours(1),
        };
    }

    private string Sign(SecurityTokenDescriptor descriptor, SecurityKey? key = null)
    {
        descriptor.SigningCredentials = new SigningCredentials(key ?? api.Server.Services.GetRequiredService<JwtSigningKey>().Key, SecurityAlgorithms.HmacSha256);
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>A well-formed token with valid claims that says it needs no signature.</summary>
    private static string Unsigned()
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var payload = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["sub"] = "fan", ["role"] = "admin", ["iss"] = "ticketing", ["aud"] = "ticketing-api", ["exp"] = exp,
        }));
        return $"{header}.{payload}.";
    }

    /// <summary>An Api that trusts a stand-in provider's JWKS document (RS256 and ES256 keys published at start).</summary>
    public sealed class ProviderApi : IAsyncLifetime
    {
        public IdentityProvider Identity { get; private set; } = null!;

        public ApiFixture Api { get; private set; } = null!;

        public SigningKey Rsa { get; } = SigningKey.Rsa("rsa-1");

        public SigningKey Ec { get; } = SigningKey.EcP256("ec-1");

        public async Task InitializeAsync()
        {
            Identity = await IdentityProvider.StartAsync();
            Identity.Publish(Rsa);
            Identity.Publish(Ec);
            Api = await ApiFixture.StartAsync(new Dictionary<string, string>
            {
                ["Auth:JwksUrl"] = Identity.JwksUrl.ToString(),
                ["Auth:RequireHttpsMetadata"] = "false",
            });
        }

        public async Task DisposeAsync()
        {
            await Api.DisposeAsync();
            await Identity.DisposeAsync();
            Rsa.Dispose();
            Ec.Dispose();
        }
    }
}

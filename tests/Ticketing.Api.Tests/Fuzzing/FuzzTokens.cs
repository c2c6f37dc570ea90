using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Ticketing.Api.Auth;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Fuzzing;

/// <summary>
/// Bearer tokens for the fuzz run: ones the Api must refuse (missing, malformed, expired, forged,
/// for another issuer or audience, unsigned, tampered) and ones it accepts whose subject is odd.
/// </summary>
public static class FuzzTokens
{
    public static IReadOnlyList<string> Signed(ApiFixture api)
    {
        var issuer = api.Server.Services.GetRequiredService<TokenIssuer>();
        string[] oddSubjects = ["\u202eadmin", "e\u0301\u0301", "{ev:1}", "user\nid", "*", "a b", new string('u', 2_000), "\ud83c\udfab"];
        return
        [
            api.NewUser().Token, api.NewUser().Token, api.NewUser("staff").Token, api.NewUser(ApiClaims.AdminRole).Token,
            .. oddSubjects.Select(subject => issuer.Issue(subject, ApiClaims.CustomerRole, TimeSpan.FromHours(1))),
            WithoutSubject(api),
            Create(api, new SecurityTokenDescriptor { Subject = new ClaimsIdentity([new Claim(ApiClaims.Subject, "role-less")]) }),
        ];
    }

    /// <summary>Signed by the server, so authenticated, yet naming no user.</summary>
    public static string WithoutSubject(ApiFixture api) =>
        Create(api, new SecurityTokenDescriptor { Claims = new Dictionary<string, object> { [ApiClaims.Role] = ApiClaims.CustomerRole } });

    public static IReadOnlyList<string?> Refused(ApiFixture api)
    {
        var now = DateTime.UtcNow;
        var admin = new ClaimsIdentity([new Claim(ApiClaims.Subject, "intruder"), new Claim(ApiClaims.Role, ApiClaims.AdminRole)]);
        var valid = api.NewUser().Token;
        var parts = valid.Split('.');
        var tampered = parts[0] + "." + Base64Url("{\"sub\":\"intruder\",\"role\":\"admin\",\"exp\":4102444800}") + "." + parts[2];
        var unsigned = Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + Base64Url("{\"sub\":\"intruder\",\"role\":\"admin\",\"exp\":4102444800}") + ".";
        var otherKey = new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64)), SecurityAlgorithms.HmacSha256);
        string[] tokens =
        [
            Create(api, new SecurityTokenDescriptor { Subject = admin, NotBefore = now.AddHours(-3), IssuedAt = now.AddHours(-3), Expires = now.AddHours(-2) }),
            Create(api, new SecurityTokenDescriptor { Subject = admin, NotBefore = now.AddHours(2), IssuedAt = now, Expires = now.AddHours(3) }),
            Create(api, new SecurityTokenDescriptor { Subject = admin, Issuer = "someone-else" }),
            Create(api, new SecurityTokenDescriptor { Subject = admin, Audience = "another-api" }),
            new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor { Subject = admin, Issuer = Options(api).Issuer, Audience = Options(api).Audience, SigningCredentials = otherKey }),
            tampered, unsigned, valid[..^4], parts[0] + "." + parts[1] + ".", "a.b.c", "a.b.c.d.e", "garbage", "", new string('x', 12_000),
        ];
        return [null, "Bearer", "Basic dXNlcjpwYXNz", "Token " + valid, "Bearer  ", .. tokens.Select(token => (string?)("Bearer " + token))];
    }

    private static string Create(ApiFixture api, SecurityTokenDescriptor descriptor)
    {
        var options = Options(api);
        descriptor.Issuer ??= options.Issuer;
        descriptor.Audience ??= options.Audience;
        descriptor.SigningCredentials = new SigningCredentials(api.Server.Services.GetRequiredService<JwtSigningKey>().Key, SecurityAlgorithms.HmacSha256);
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private static AuthOptions Options(ApiFixture api) => api.Server.Services.GetRequiredService<IOptions<AuthOptions>>().Value;

    private static string Base64Url(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
}

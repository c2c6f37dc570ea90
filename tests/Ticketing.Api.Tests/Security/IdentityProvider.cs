using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Ticketing.Api.Auth;

namespace Ticketing.Api.Tests.Security;

/// <summary>
/// A stand-in identity provider served by Kestrel on a loopback port: an OpenID discovery document and the JWKS
/// document it points to, holding the public halves of the keys the test signs with. Keys can be published
/// later (a rotation) or kept private (a key the provider never announced).
/// </summary>
public sealed class IdentityProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<SigningKey> _published = [];
    private readonly Lock _gate = new();
    private int _jwksReads;

    private IdentityProvider(WebApplication app) => _app = app;

    public Uri Authority { get; private set; } = null!;

    public Uri JwksUrl => new(Authority, "/jwks");

    /// <summary>The issuer the discovery document announces (not the Api's own).</summary>
    public string Issuer => Authority.ToString().TrimEnd('/');

    public int JwksReads => Volatile.Read(ref _jwksReads);

    public static async Task<IdentityProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new IdentityProvider(app);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, string>
        {
            ["issuer"] = provider.Issuer,
            ["jwks_uri"] = provider.JwksUrl.ToString(),
        }));
        app.MapGet("/jwks", () =>
        {
            Interlocked.Increment(ref provider._jwksReads);
            lock (provider._gate)
            {
                return Results.Json(new { keys = provider._published.Select(key => key.PublicJwk()).ToArray() });
            }
        });
        await app.StartAsync();
        provider.Authority = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return provider;
    }

    public void Publish(SigningKey key)
    {
        lock (_gate)
        {
            _published.Add(key);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>An asymmetric key of the provider: signs tokens, and shows only its public half in the JWKS.</summary>
public sealed class SigningKey : IDisposable
{
    private readonly AsymmetricAlgorithm _algorithm;
    private readonly SecurityKey _private;
    private readonly JsonWebKey _public;
    private readonly string _signature;

    private SigningKey(AsymmetricAlgorithm algorithm, SecurityKey privateKey, JsonWebKey publicKey, string signature)
    {
        _algorithm = algorithm;
        _private = privateKey;
        _public = publicKey;
        _signature = signature;
    }

    public static SigningKey Rsa(string kid)
    {
        var rsa = RSA.Create(2048);
        var publicJwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = kid });
        return new SigningKey(rsa, new RsaSecurityKey(rsa) { KeyId = kid }, publicJwk, SecurityAlgorithms.RsaSha256);
    }

    public static SigningKey EcP256(string kid)
    {
        var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicJwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(ecdsa.ExportParameters(false))) { KeyId = kid });
        return new SigningKey(ecdsa, new ECDsaSecurityKey(ecdsa) { KeyId = kid }, publicJwk, SecurityAlgorithms.EcdsaSha256);
    }

    /// <summary>A token as the provider would issue it, for the Api's audience.</summary>
    public string Issue(string userId, string issuer, string role = ApiClaims.CustomerRole, string audience = "ticketing-api")
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim(ApiClaims.Subject, userId), new Claim(ApiClaims.Role, role)]),
            NotBefore = now,
            IssuedAt = now,
            Expires = now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(_private, _signature),
        });
    }

    /// <summary>The JWKS entry: key type, id, use and the public parameters only.</summary>
    public Dictionary<string, string> PublicJwk()
    {
        var entry = new Dictionary<string, string> { ["kty"] = _public.Kty, ["kid"] = _public.Kid, ["use"] = "sig", ["alg"] = _signature };
        foreach (var (name, value) in new[] { ("n", _public.N), ("e", _public.E), ("crv", _public.Crv), ("x", _public.X), ("y", _public.Y) })
        {
            if (value is not null)
            {
                entry[name] = value;
            }
        }

        return entry;
    }

    public void Dispose() => _algorithm.Dispose();
}

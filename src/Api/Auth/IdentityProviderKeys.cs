using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Ticketing.Api.Auth;

/// <summary>
/// Where the keys of an identity provider come from. With <see cref="AuthOptions.Authority"/> JwtBearer reads the
/// provider's discovery document and its JWKS itself; with <see cref="AuthOptions.JwksUrl"/> the JWKS document is
/// read by <see cref="JwksRetriever"/>. Either way Microsoft.IdentityModel's configuration manager caches the keys,
/// refreshes them every <see cref="AutomaticRefresh"/>, and fetches them again when a token names a key id it has
/// not seen (a provider rotated its keys), at most once per <see cref="RefreshAfterUnknownKey"/>.
/// </summary>
public static class IdentityProviderKeys
{
    /// <summary>The algorithms a provider may sign with; the HMAC key of the process keeps HS256.</summary>
    public static readonly string[] ProviderAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];

    /// <summary>HS256 for the process key, and the provider's algorithms only when a provider is configured.</summary>
    public static string[] AcceptedAlgorithms(AuthOptions auth) => auth.Authority is null && auth.JwksUrl is null
        ? [SecurityAlgorithms.HmacSha256]
        : [SecurityAlgorithms.HmacSha256, .. ProviderAlgorithms];

    public static readonly TimeSpan AutomaticRefresh = TimeSpan.FromHours(12);

    public static readonly TimeSpan RefreshAfterUnknownKey = TimeSpan.FromMinutes(1);

    /// <summary>Points the bearer options at the configured provider; does nothing when none is configured.</summary>
    public static void Configure(JwtBearerOptions bearer, AuthOptions auth)
    {
        bearer.RequireHttpsMetadata = auth.RequireHttpsMetadata;
        bearer.AutomaticRefreshInterval = AutomaticRefresh;
        bearer.RefreshInterval = RefreshAfterUnknownKey;
        bearer.RefreshOnIssuerKeyNotFound = true;
        if (auth.Authority is { } authority)
        {
            bearer.Authority = authority;
        }
        else if (auth.JwksUrl is { } jwks)
        {
            bearer.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                jwks, new JwksRetriever(), new HttpDocumentRetriever { RequireHttps = auth.RequireHttpsMetadata })
            {
                AutomaticRefreshInterval = AutomaticRefresh,
                RefreshInterval = RefreshAfterUnknownKey,
            };
        }
    }
}

/// <summary>
/// Reads a bare JWKS document into the configuration shape JwtBearer consumes: the signing keys only, parsed by
/// <see cref="JsonWebKeySet"/> as the discovery retriever does, so both sources share one key parser.
/// </summary>
public sealed class JwksRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var document = await retriever.GetDocumentAsync(address, cancel).ConfigureAwait(false);
        var keys = new JsonWebKeySet(document);
        var configuration = new OpenIdConnectConfiguration { JsonWebKeySet = keys, JwksUri = address };
        foreach (var key in keys.GetSigningKeys())
        {
            configuration.SigningKeys.Add(key);
        }

        return configuration;
    }
}

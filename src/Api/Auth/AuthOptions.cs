namespace Ticketing.Api.Auth;

/// <summary>Bearer token settings (section <c>Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// HMAC-SHA256 signing key, base64 or plain text, at least 32 bytes. Required outside Development and Testing
    /// unless an identity provider (<see cref="Authority"/> or <see cref="JwksUrl"/>) signs the tokens; without it
    /// a random key is made per process.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>The <c>iss</c> claim written and required.</summary>
    public string Issuer { get; set; } = "ticketing";

    /// <summary>The <c>aud</c> claim written and required.</summary>
    public string Audience { get; set; } = "ticketing-api";

    /// <summary>Maps <c>POST /api/v1/auth/dev-token</c>, which mints a token for any user: never on in production.</summary>
    public bool AllowDevTokens { get; set; }

    /// <summary>When set, a long-lived admin token is written to this file at start (for <c>./ticketing run</c>).</summary>
    public string? DevAdminTokenFile { get; set; }

    /// <summary>
    /// An OpenID Connect identity provider (its base address): RS256/ES256 tokens signed by the keys its discovery
    /// document points to are accepted beside the HMAC ones, and its <c>issuer</c> is accepted as well.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>
    /// A JWKS document of an identity provider without discovery: RS256/ES256 tokens signed by its keys are accepted
    /// beside the HMAC ones. Its tokens must carry <see cref="Issuer"/> and <see cref="Audience"/>.
    /// </summary>
    public string? JwksUrl { get; set; }

    /// <summary>Refuses a plain-http <see cref="Authority"/> or <see cref="JwksUrl"/>; off only for a provider on loopback in tests.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Lifetime of tokens from the dev-token route.</summary>
    public int DevTokenLifetimeMinutes { get; set; } = 12 * 60;
}

namespace Ticketing.Api.Auth;

/// <summary>Bearer token settings (section <c>Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>HMAC-SHA256 signing key, base64 or plain text, at least 32 bytes. Required outside Development and Testing, where a random key is made per process.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The <c>iss</c> claim written and required.</summary>
    public string Issuer { get; set; } = "ticketing";

    /// <summary>The <c>aud</c> claim written and required.</summary>
    public string Audience { get; set; } = "ticketing-api";

    /// <summary>Maps <c>POST /api/v1/auth/dev-token</c>, which mints a token for any user: never on in production.</summary>
    public bool AllowDevTokens { get; set; }

    /// <summary>When set, a long-lived admin token is written to this file at start (for <c>./ticketing run</c>).</summary>
    public string? DevAdminTokenFile { get; set; }

    /// <summary>Lifetime of tokens from the dev-token route.</summary>
    public int DevTokenLifetimeMinutes { get; set; } = 12 * 60;
}

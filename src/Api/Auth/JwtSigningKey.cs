using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Ticketing.Api.Auth;

/// <summary>
/// The one signing key of the process, shared by token validation and the dev token issuer.
/// Without a configured key (Development/Testing only, see <see cref="AuthOptionsValidator"/>) a
/// random key lives as long as the process: its tokens die with it, which is what a test wants.
/// </summary>
public sealed class JwtSigningKey(IOptions<AuthOptions> options)
{
    public const int MinimumBytes = 32;

    private readonly Lazy<SymmetricSecurityKey> _key = new(() =>
        new SymmetricSecurityKey(Decode(options.Value.SigningKey) ?? RandomNumberGenerator.GetBytes(MinimumBytes * 2)));

    public SymmetricSecurityKey Key => _key.Value;

    /// <summary>A configured key is taken as base64 when it decodes to enough bytes, else as UTF-8 text.</summary>
    public static byte[]? Decode(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        var buffer = new byte[configured.Length];
        return Convert.TryFromBase64String(configured, buffer, out var written) && written >= MinimumBytes
            ? buffer[..written]
            : Encoding.UTF8.GetBytes(configured);
    }
}

/// <summary>Fails the start when the signing key is missing where it must be set, or too short to be safe.</summary>
public sealed class AuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var key = JwtSigningKey.Decode(options.SigningKey);
        var provider = options.Authority ?? options.JwksUrl;
        if (key is null && provider is null && !(environment.IsDevelopment() || environment.IsEnvironment("Testing")))
        {
            return ValidateOptionsResult.Fail("Auth:SigningKey (or Auth:Authority or Auth:JwksUrl) must be set outside Development and Testing.");
        }

        if (options.Authority is not null && options.JwksUrl is not null)
        {
            return ValidateOptionsResult.Fail("Set Auth:Authority or Auth:JwksUrl, not both.");
        }

        if (provider is not null && !(Uri.TryCreate(provider, UriKind.Absolute, out var address)
            && (address.Scheme == Uri.UriSchemeHttps || (!options.RequireHttpsMetadata && address.Scheme == Uri.UriSchemeHttp))))
        {
            return ValidateOptionsResult.Fail("Auth:Authority / Auth:JwksUrl must be an absolute https address (http only with Auth:RequireHttpsMetadata=false).");
        }

        if (key is not null && key.Length < JwtSigningKey.MinimumBytes)
        {
            return ValidateOptionsResult.Fail($"Auth:SigningKey must be at least {JwtSigningKey.MinimumBytes} bytes.");
        }

        return string.IsNullOrWhiteSpace(options.Issuer) || string.IsNullOrWhiteSpace(options.Audience)
            ? ValidateOptionsResult.Fail("Auth:Issuer and Auth:Audience must not be empty.")
            : ValidateOptionsResult.Success;
    }
}

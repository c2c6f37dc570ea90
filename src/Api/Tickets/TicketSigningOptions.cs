using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Ticketing.Api.Auth;

namespace Ticketing.Api.Tickets;

/// <summary>Keys that sign the payload in each ticket's QR code (section <c>Tickets</c>).</summary>
public sealed partial class TicketSigningOptions
{
    public const string Section = "Tickets";

    /// <summary>
    /// HMAC-SHA256 keys by key id (1 to 16 lowercase letters, digits or '-'), each base64 or plain text of at
    /// least 32 bytes. New tickets are signed with <see cref="CurrentKeyId"/>; payloads signed with any key listed
    /// here are accepted, so a key is rotated by adding a new one, making it current, and removing the old one
    /// once no ticket signed with it is still to be scanned. Every Api process must have the same keys.
    /// </summary>
    public Dictionary<string, string> SigningKeys { get; set; } = [];

    /// <summary>The key id new tickets are signed with; required when <see cref="SigningKeys"/> is set.</summary>
    public string? CurrentKeyId { get; set; }

    [GeneratedRegex("^[a-z0-9-]{1,16}$")]
    public static partial Regex KeyIdPattern();
}

/// <summary>Fails the start when ticket keys are configured badly, or missing where no other secret can stand in.</summary>
public sealed class TicketSigningOptionsValidator(IHostEnvironment environment, IOptions<AuthOptions> auth) : IValidateOptions<TicketSigningOptions>
{
    public ValidateOptionsResult Validate(string? name, TicketSigningOptions options)
    {
        if (options.SigningKeys.Count == 0)
        {
            return JwtSigningKey.Decode(auth.Value.SigningKey) is null && !(environment.IsDevelopment() || environment.IsEnvironment("Testing"))
                ? ValidateOptionsResult.Fail("Tickets:SigningKeys (or Auth:SigningKey, from which a ticket key is derived) must be set outside Development and Testing.")
                : ValidateOptionsResult.Success;
        }

        foreach (var (keyId, secret) in options.SigningKeys)
        {
            if (!TicketSigningOptions.KeyIdPattern().IsMatch(keyId))
            {
                return ValidateOptionsResult.Fail($"Tickets:SigningKeys: the key id '{keyId}' is not 1 to 16 lowercase letters, digits or '-'.");
            }

            if ((JwtSigningKey.Decode(secret)?.Length ?? 0) < JwtSigningKey.MinimumBytes)
            {
                return ValidateOptionsResult.Fail($"Tickets:SigningKeys:{keyId} must be at least {JwtSigningKey.MinimumBytes} bytes.");
            }
        }

        return options.CurrentKeyId is { } current && options.SigningKeys.ContainsKey(current)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Tickets:CurrentKeyId must name one of Tickets:SigningKeys.");
    }
}

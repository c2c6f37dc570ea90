using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Ticketing.Api.Payments.Webhooks;

/// <summary>The secrets payment webhooks are signed with: the configured ones, or one made for this process.</summary>
public sealed class WebhookSecrets(IOptions<PaymentsOptions> options)
{
    private readonly string[] _secrets = options.Value.WebhookSecrets.Count > 0
        ? [.. options.Value.WebhookSecrets]
        : [Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))];

    /// <summary>Every secret a webhook may be signed with (rotation: old and new side by side).</summary>
    public IReadOnlyList<string> Accepted => _secrets;

    /// <summary>The secret a sender signs with.</summary>
    public string Current => _secrets[0];
}

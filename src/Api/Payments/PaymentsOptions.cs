namespace Ticketing.Api.Payments;

/// <summary>Payment settings (section <c>Payments</c>).</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    /// <summary>How long a charge may take before the commit answers 504 and voids whatever the gateway did.</summary>
    public double GatewayTimeoutSeconds { get; set; } = 5;

    /// <summary>
    /// How long a hold is kept alive for its payment once the payment starts. It exceeds the
    /// gateway timeout, so a hold cannot expire under a payment that is still allowed to finish.
    /// A payment the gateway answers pending must be decided within it: a success that arrives
    /// after the hold ran out is refunded.
    /// </summary>
    public int PaymentWindowSeconds { get; set; } = 30;

    /// <summary>How long the fake gateway's <c>tok_slow</c> takes before it succeeds.</summary>
    public double FakeSlowSeconds { get; set; } = 3;

    /// <summary>
    /// Secrets the payment provider signs webhooks with. Every one is accepted, so a secret can be
    /// rotated without a gap: add the new one, let the provider switch, then remove the old one.
    /// The fake gateway signs with the first. Empty: a random secret is made per process, which
    /// only the fake gateway in the same process knows (fine for development, useless with a real provider).
    /// </summary>
    public IList<string> WebhookSecrets { get; } = [];

    /// <summary>
    /// How far a webhook's signed timestamp may be from this server's clock, either way. A captured
    /// webhook replayed later than this is refused even though its signature is valid.
    /// </summary>
    public int WebhookToleranceSeconds { get; set; } = 300;

    /// <summary>The largest webhook body read; a provider's payment events are a few hundred bytes.</summary>
    public int WebhookMaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Where the fake gateway posts the webhooks of its asynchronous tokens. Empty: to this process's
    /// own <c>/api/v1/webhooks/payments</c> on the first address it listens on.
    /// </summary>
    public string? FakeWebhookUrl { get; set; }

    /// <summary>How long after a pending answer the fake gateway's asynchronous tokens post their result.</summary>
    public double FakeAsyncSeconds { get; set; } = 2;
}

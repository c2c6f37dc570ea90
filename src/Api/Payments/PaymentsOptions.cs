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
    /// </summary>
    public int PaymentWindowSeconds { get; set; } = 30;

    /// <summary>How long the fake gateway's <c>tok_slow</c> takes before it succeeds.</summary>
    public double FakeSlowSeconds { get; set; } = 3;
}

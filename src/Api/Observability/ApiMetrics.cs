using System.Diagnostics.Metrics;

namespace Ticketing.Api.Observability;

/// <summary>
/// The Api's own instruments (meter <c>Ticketing.Api</c>). Request counts and latencies per route
/// come from ASP.NET Core's <c>http.server.request.duration</c>; these count what the requests did.
/// </summary>
public sealed class ApiMetrics
{
    public const string MeterName = "Ticketing.Api";

    private readonly Counter<long> _outcomes;
    private readonly Counter<long> _payments;
    private readonly Counter<long> _voidedCharges;
    private readonly Counter<long> _lateRefunds;
    private readonly Counter<long> _webhooks;
    private volatile IReadOnlyDictionary<string, bool> _health = new Dictionary<string, bool>();

    public ApiMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _outcomes = meter.CreateCounter<long>("ticketing.api.outcomes", description:
            "Answers per operation and outcome: holds (created), conflicts (seat_unavailable), commits (ok), expiries (reservation_expired), ...");
        _payments = meter.CreateCounter<long>("ticketing.api.payments", description: "Payment attempts per gateway outcome");
        _voidedCharges = meter.CreateCounter<long>("ticketing.api.payments.voided", description:
            "Charges voided because the reservation could not be sold after payment (expired or changed during payment)");
        _lateRefunds = meter.CreateCounter<long>("ticketing.api.payments.late_refunded", description:
            "Payments that succeeded (reported by webhook) after their reservation had expired or changed, refunded at once");
        _webhooks = meter.CreateCounter<long>("ticketing.api.payment_webhooks", description:
            "Payment webhooks received, per outcome: committed, abandoned, refunded, ignored, replayed, or the refusal's error code");
        meter.CreateObservableGauge("ticketing.api.health", ReadHealth, description:
            "1 when the named readiness check (redis, postgres) passed on its last periodic run, else 0");
    }

    public void Outcome(string operation, string outcome) =>
        _outcomes.Add(1, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("outcome", outcome));

    public void Payment(string outcome) => _payments.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>The latest result of each readiness check, as reported by the periodic health publisher.</summary>
    public void Health(IReadOnlyDictionary<string, bool> healthy) => _health = healthy;

    public void ChargeVoided(string reason) => _voidedCharges.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void LatePaymentRefunded(string reason) => _lateRefunds.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Webhook(string outcome) => _webhooks.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    private IEnumerable<Measurement<int>> ReadHealth() =>
        _health.Select(check => new Measurement<int>(check.Value ? 1 : 0, new KeyValuePair<string, object?>("check", check.Key)));
}

using System.Diagnostics.Metrics;
using Ticketing.Reconciler.Ops;

namespace Ticketing.Reconciler.WaitingRoom;

/// <summary>
/// The admission loop in <c>/metrics</c> (meter <c>Ticketing.Reconciler</c>): each room's current
/// rate with its reason, as this process's last tick left it.
/// </summary>
public static class AdmissionMetrics
{
    /// <summary>Registers the gauges that read <paramref name="loop"/>.</summary>
    public static void Observe(IMeterFactory meters, AdmissionLoop loop)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(ReconcilerMetrics.MeterName);
        meter.CreateObservableGauge("ticketing.waiting_room.admission_rate", () => loop.LastTicks.Values.Select(tick =>
            new Measurement<double>(tick.Rate.RatePerSecond,
                new KeyValuePair<string, object?>("event_id", tick.EventId),
                new KeyValuePair<string, object?>("reason", tick.Rate.Reason.ToString()))),
            unit: "{fan}/s", description: "The admission rate the closed loop set for each room, with its reason");
        meter.CreateObservableGauge("ticketing.waiting_room.admitted_last_tick", () => loop.LastTicks.Values.Select(tick =>
            new Measurement<int>(tick.Admitted, new KeyValuePair<string, object?>("event_id", tick.EventId))),
            unit: "{fan}", description: "Fans admitted by each room's last admission tick");
    }
}

using System.Diagnostics.Metrics;

namespace Ticketing.Reconciler.Ops;

/// <summary>The Reconciler's meters (meter name <c>Ticketing.Reconciler</c>), exported on the Api's <c>/metrics</c>.</summary>
public sealed class ReconcilerMetrics : IDisposable
{
    public const string MeterName = "Ticketing.Reconciler";

    private readonly Meter _meter;
    private readonly Counter<long> _ordersPersisted;
    private readonly Counter<long> _alarms;
    private readonly Counter<long> _repairs;
    private readonly Histogram<double> _persistLag;

    public ReconcilerMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _ordersPersisted = _meter.CreateCounter<long>("ticketing.reconciler.orders_persisted", "{order}",
            "Orders written to PostgreSQL by the outbox writer");
        _alarms = _meter.CreateCounter<long>("ticketing.reconciler.alarms", "{alarm}",
            "Alarms raised, by kind (oversell, malformed_outbox_entry, sold_in_redis_only)");
        _repairs = _meter.CreateCounter<long>("ticketing.reconciler.repairs", "{repair}",
            "Seats repaired by drift reconciliation, by kind");
        _persistLag = _meter.CreateHistogram<double>("ticketing.reconciler.persist_lag", "ms",
            "Time from the commit in Redis to the order's row committed in PostgreSQL");
    }

    public void OrdersPersisted(int count) => _ordersPersisted.Add(count);

    public void PersistLag(TimeSpan lag) => _persistLag.Record(lag.TotalMilliseconds);

    public void Alarm(string kind) => _alarms.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Repair(string kind) => _repairs.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Dispose() => _meter.Dispose();
}

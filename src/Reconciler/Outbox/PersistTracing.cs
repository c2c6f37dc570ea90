using System.Diagnostics;
using Ticketing.Scripts.Outbox;

namespace Ticketing.Reconciler.Outbox;

/// <summary>
/// One span per outbox batch written to PostgreSQL ("persist orders"), joined to the traces of the
/// requests that committed its orders: linked to each of them, and a child of the one when the
/// batch holds a single order, so a lone purchase reads as one trace from the click to the row.
/// The batch's PostgreSQL commands (Npgsql's spans) fall under it.
/// </summary>
public static class PersistTracing
{
    public const string SourceName = "Ticketing.Reconciler.Outbox";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts the span of one batch of <paramref name="eventId"/>; dispose it when the batch is acknowledged.</summary>
    public static Activity? StartBatch(Guid eventId, OutboxBatch batch)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var commits = batch.Entries
            .Select(entry => ActivityContext.TryParse(entry.TraceParent, null, isRemote: true, out var context) ? context : default)
            .Where(context => context != default)
            .ToList();
        var parent = batch.Entries.Count == 1 && commits.Count == 1 ? commits[0] : default;
        var span = Source.StartActivity(
            "persist orders", ActivityKind.Internal, parent, links: commits.Select(context => new ActivityLink(context)));
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("ticketing.event_id", eventId.ToString("D"));
            span.SetTag("ticketing.outbox_entries", batch.AllEntryIds.Count);
        }

        return span;
    }
}

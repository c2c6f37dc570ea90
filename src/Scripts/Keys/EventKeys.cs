namespace Ticketing.Scripts.Keys;

/// <summary>
/// Names of an event's Redis keys. Every key carries the hash tag <c>{ev:&lt;eventId&gt;}</c>, so
/// all keys of one event live in one hash slot and one script may touch them together, on a
/// single server or on Redis Cluster. The full layout is documented in src/Scripts/README.md.
/// </summary>
public static class EventKeys
{
    /// <summary>Set of the ids of events loaded into Redis and on sale (not hash-tagged: read by jobs only).</summary>
    public const string OnSaleEvents = "events:on_sale";

    /// <summary>The hash tag shared by all keys of one event.</summary>
    public static string Tag(string eventId) => $"{{ev:{eventId}}}";

    /// <summary>The event's outbox stream: one entry per committed order, read by the Reconciler.</summary>
    public static string Outbox(string eventId) => $"{Tag(eventId)}:outbox";

    /// <summary>Pub/sub channel carrying <c>{version, changes}</c> for every seat change.</summary>
    public static string Changes(string eventId) => $"{Tag(eventId)}:changes";
}

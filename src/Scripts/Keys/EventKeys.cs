using StackExchange.Redis;

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

    /// <summary>Hash of the event's limits, exact counters (total, available, held, sold) and version.</summary>
    public static string Meta(string eventId) => $"{Tag(eventId)}:meta";

    /// <summary>Hash of seat id to state: <c>a</c>, <c>h|holdId</c>, <c>s|orderId|userId</c> or <c>b|blockId</c>.</summary>
    public static string Seats(string eventId) => $"{Tag(eventId)}:seats";

    /// <summary>Hash of seat id to price in integer cents, for events loaded before <see cref="SeatIndex"/> held the prices.</summary>
    public static string Prices(string eventId) => $"{Tag(eventId)}:prices";

    /// <summary>List of the event's rows in layout order, for best-available.</summary>
    public static string Rows(string eventId) => $"{Tag(eventId)}:rows";

    /// <summary>The layout as JSON, for seat details on the C# side.</summary>
    public static string Layout(string eventId) => $"{Tag(eventId)}:layout";

    /// <summary>Hash of hold id to hold record (JSON), live and recently ended.</summary>
    public static string Holds(string eventId) => $"{Tag(eventId)}:holds";

    /// <summary>Sorted set of live hold ids by expiry (Unix ms).</summary>
    public static string Expiry(string eventId) => $"{Tag(eventId)}:expiry";

    /// <summary>Sorted set of ended hold ids by the time their records may be purged (Unix ms).</summary>
    public static string Retention(string eventId) => $"{Tag(eventId)}:retention";

    /// <summary>Hash of user id to <c>seats|holdId holdId ...</c>: the seats the user holds live or owns, then the user's live holds.</summary>
    public static string Users(string eventId) => $"{Tag(eventId)}:users";

    /// <summary>Hash of user id to the user's live hold ids, for entries of <see cref="Users"/> written before they held them.</summary>
    public static string UserHolds(string eventId) => $"{Tag(eventId)}:user_holds";

    /// <summary>Hash of <c>userId\nclientReservationId</c> to hold id (idempotent holds).</summary>
    public static string ClientIds(string eventId) => $"{Tag(eventId)}:client_ids";

    /// <summary>Hash of order id to <c>confirmed_at_ms|order JSON</c>.</summary>
    public static string Orders(string eventId) => $"{Tag(eventId)}:orders";

    /// <summary>The event's outbox stream: one entry per committed order, read by the Reconciler.</summary>
    public static string Outbox(string eventId) => $"{Tag(eventId)}:outbox";

    /// <summary>
    /// Sorted set of the outbox entry ids whose orders are not in PostgreSQL yet, each scored by
    /// its buyer (<see cref="Orders.UnwrittenOrders.ScoreOf"/>): one buyer's unwritten orders
    /// without reading the backlog. Written by the commit script, emptied by the outbox writer's acknowledgement.
    /// </summary>
    public static string UnwrittenOrders(string eventId) => $"{Tag(eventId)}:unwritten_orders";

    /// <summary>Hash of <c>section-row</c> to the row's available seats, so best-available skips full rows unread.</summary>
    public static string RowFree(string eventId) => $"{Tag(eventId)}:row_free";

    /// <summary>Hash of <c>section-row</c> to the row's position in <see cref="Rows"/> (best available's choice order).</summary>
    public static string RowAt(string eventId) => $"{Tag(eventId)}:row_at";

    /// <summary>
    /// String of one byte per seat in layout order (<c>a</c> available, <c>h</c> held or paying,
    /// <c>s</c> sold, <c>b</c> blocked), kept by every script that moves a seat, so the seat map is one read.
    /// </summary>
    public static string Status(string eventId) => $"{Tag(eventId)}:status";

    /// <summary>Hash of seat id to its 0-based position in layout order (its byte in <see cref="Status"/>) and its price: see <see cref="SeatIndexEntry"/>.</summary>
    public static string SeatIndex(string eventId) => $"{Tag(eventId)}:seat_index";

    /// <summary>Hash of seat block id to its record (JSON: id, reason, seats, created), written by block_seats.lua.</summary>
    public static string Blocks(string eventId) => $"{Tag(eventId)}:blocks";

    /// <summary>Pub/sub channel carrying <c>{version, changes}</c> for every seat change.</summary>
    public static string Changes(string eventId) => $"{Tag(eventId)}:changes";

    /// <summary>
    /// Stream of the event's last change messages (about <see cref="ScriptConstants.ChangeLogLength"/>),
    /// each under the entry id <c>&lt;version&gt;-0</c>: what a live seat feed resumes from.
    /// </summary>
    public static string ChangeLog(string eventId) => $"{Tag(eventId)}:change_log";

    /// <summary>
    /// A short-lived string written before a replayed commit waits for replicas, so that the wait
    /// covers a commit made through another connection (Replication/ReplicaAcknowledgement.cs).
    /// </summary>
    public static string ReplicationMark(string eventId) => $"{Tag(eventId)}:replication_mark";

    /// <summary>
    /// The KEYS every engine script receives, in the order Lua/common.lua names them. Changing the
    /// order here means changing it there.
    /// </summary>
    public static RedisKey[] ScriptKeys(string eventId) =>
    [
        Meta(eventId), Seats(eventId), Prices(eventId), Rows(eventId), Layout(eventId),
        Holds(eventId), Expiry(eventId), Retention(eventId), Users(eventId), UserHolds(eventId),
        ClientIds(eventId), Orders(eventId), Outbox(eventId), RowFree(eventId), Status(eventId),
        SeatIndex(eventId), ChangeLog(eventId), WaitingRoom.WaitingRoomKeys.Admitted(eventId), UnwrittenOrders(eventId),
        Blocks(eventId), RowAt(eventId),
    ];
}

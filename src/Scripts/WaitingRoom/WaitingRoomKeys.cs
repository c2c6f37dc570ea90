using StackExchange.Redis;
using Ticketing.Scripts.Keys;

namespace Ticketing.Scripts.WaitingRoom;

/// <summary>
/// Names of an event's waiting-room keys. They carry the event's hash tag (<see cref="EventKeys.Tag"/>),
/// so the room lives in the event's hash slot. The layout is documented in src/Scripts/README.md
/// and at the top of Lua/room_common.lua.
/// </summary>
public static class WaitingRoomKeys
{
    /// <summary>Hash of the room's caps, phase, counters and fairness commitments.</summary>
    public static string Room(string eventId) => $"{EventKeys.Tag(eventId)}:wr:room";

    /// <summary>Sorted set of pre-queue fan ids by arrival, until the open orders them.</summary>
    public static string PreQueue(string eventId) => $"{EventKeys.Tag(eventId)}:wr:pre";

    /// <summary>Sorted set of waiting fan ids by queue number.</summary>
    public static string Queue(string eventId) => $"{EventKeys.Tag(eventId)}:wr:queue";

    /// <summary>String of one big-endian u32 per queue number: when its fan was last seen.</summary>
    public static string Seen(string eventId) => $"{EventKeys.Tag(eventId)}:wr:seen";

    /// <summary>Sorted set of admitted fan ids by admission expiry (Unix ms).</summary>
    public static string Admitted(string eventId) => $"{EventKeys.Tag(eventId)}:wr:admitted";

    /// <summary>Sorted set of the admitting runs of the last second (the admit_per_second window).</summary>
    public static string AdmitLog(string eventId) => $"{EventKeys.Tag(eventId)}:wr:admit_log";

    /// <summary>String of the pre-queue's 32-byte rank keys in queue order, published at the open.</summary>
    public static string Ranks(string eventId) => $"{EventKeys.Tag(eventId)}:wr:ranks";

    /// <summary>
    /// Sorted set where the open stages the pre-queue's order page by page (fan id → queue number),
    /// out of readers' sight until one run publishes it as the queue.
    /// </summary>
    public static string OrderStage(string eventId) => $"{EventKeys.Tag(eventId)}:wr:order_stage";

    /// <summary>
    /// Hash of the admission loop's state (rate, reason, the controller's timers and credit), written
    /// by each admission tick so the next one continues it on whichever process runs it.
    /// </summary>
    public static string Loop(string eventId) => $"{EventKeys.Tag(eventId)}:wr:loop";

    /// <summary>List of the admission loop's recent rates, <c>unix_ms rate</c>, oldest first (the ops chart).</summary>
    public static string LoopRates(string eventId) => $"{EventKeys.Tag(eventId)}:wr:loop_rates";

    /// <summary>The KEYS every room script receives, in the order Lua/room_common.lua names them.</summary>
    public static RedisKey[] ScriptKeys(string eventId) =>
    [
        Room(eventId), PreQueue(eventId), Queue(eventId), Seen(eventId), Admitted(eventId), AdmitLog(eventId), Ranks(eventId),
        OrderStage(eventId),
    ];
}

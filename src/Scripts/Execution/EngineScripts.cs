namespace Ticketing.Scripts.Execution;

/// <summary>
/// Every script of the engine, read from the assembly once: one Redis function library
/// (<c>ticketing_&lt;hash&gt;</c>) behind Lua/common.lua, one function per script.
/// </summary>
internal static class EngineScripts
{
    /// <summary>The library; declared first, as the fields below read it.</summary>
    public static readonly ScriptLibrary Library = ScriptLibrary.Build("ticketing", "common",
    [
        ("load_event", false), ("hold_seats", false), ("hold_best", false), ("get_hold", true),
        ("extend_hold", false), ("release_hold", false), ("begin_payment", false), ("abandon_payment", false),
        ("commit_hold", false), ("expire_due", false), ("snapshot", true), ("scan_seats", true),
        ("seat_statuses", true), ("repair_seats", false), ("block_seats", false), ("unblock_seats", false),
        ("check_in", false), ("refund_tickets", false), ("reprice_seats", false),
    ]);

    public static readonly EngineScript LoadEvent = Library["load_event"];
    public static readonly EngineScript HoldSeats = Library["hold_seats"];
    public static readonly EngineScript HoldBest = Library["hold_best"];
    public static readonly EngineScript GetHold = Library["get_hold"];
    public static readonly EngineScript ExtendHold = Library["extend_hold"];
    public static readonly EngineScript ReleaseHold = Library["release_hold"];
    public static readonly EngineScript BeginPayment = Library["begin_payment"];
    public static readonly EngineScript AbandonPayment = Library["abandon_payment"];
    public static readonly EngineScript CommitHold = Library["commit_hold"];
    public static readonly EngineScript ExpireDue = Library["expire_due"];
    public static readonly EngineScript Snapshot = Library["snapshot"];
    public static readonly EngineScript ScanSeats = Library["scan_seats"];
    public static readonly EngineScript SeatStatuses = Library["seat_statuses"];
    public static readonly EngineScript RepairSeats = Library["repair_seats"];
    public static readonly EngineScript BlockSeats = Library["block_seats"];
    public static readonly EngineScript UnblockSeats = Library["unblock_seats"];
    public static readonly EngineScript CheckIn = Library["check_in"];
    public static readonly EngineScript RefundTickets = Library["refund_tickets"];
    public static readonly EngineScript RepriceSeats = Library["reprice_seats"];
}

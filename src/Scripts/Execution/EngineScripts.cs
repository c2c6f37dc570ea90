namespace Ticketing.Scripts.Execution;

/// <summary>Every script of the engine, read from the assembly once.</summary>
internal static class EngineScripts
{
    public static readonly EngineScript LoadEvent = EngineScript.Load("load_event");
    public static readonly EngineScript HoldSeats = EngineScript.Load("hold_seats");
    public static readonly EngineScript HoldBest = EngineScript.Load("hold_best");
    public static readonly EngineScript GetHold = EngineScript.Load("get_hold");
    public static readonly EngineScript ExtendHold = EngineScript.Load("extend_hold");
    public static readonly EngineScript ReleaseHold = EngineScript.Load("release_hold");
    public static readonly EngineScript BeginPayment = EngineScript.Load("begin_payment");
    public static readonly EngineScript AbandonPayment = EngineScript.Load("abandon_payment");
    public static readonly EngineScript CommitHold = EngineScript.Load("commit_hold");
    public static readonly EngineScript ExpireDue = EngineScript.Load("expire_due");
    public static readonly EngineScript Snapshot = EngineScript.Load("snapshot");
    public static readonly EngineScript ScanSeats = EngineScript.Load("scan_seats");
    public static readonly EngineScript SeatStatuses = EngineScript.Load("seat_statuses");
    public static readonly EngineScript RepairSeats = EngineScript.Load("repair_seats");
    public static readonly EngineScript BlockSeats = EngineScript.Load("block_seats");
    public static readonly EngineScript UnblockSeats = EngineScript.Load("unblock_seats");
    public static readonly EngineScript CheckIn = EngineScript.Load("check_in");
    public static readonly EngineScript RefundTickets = EngineScript.Load("refund_tickets");
    public static readonly EngineScript RepriceSeats = EngineScript.Load("reprice_seats");
}

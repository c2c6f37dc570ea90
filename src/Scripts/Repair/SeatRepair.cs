namespace Ticketing.Scripts.Repair;

/// <summary>
/// A forced state for one seat, applied by the Reconciler when Redis and PostgreSQL disagree, or
/// when Redis is rebuilt from PostgreSQL. Counters and the version are fixed in the same script run.
/// </summary>
/// <param name="SeatId">The seat.</param>
/// <param name="OrderId">Sell the seat to this order, or make it available when null.</param>
/// <param name="UserId">The buyer, for per-user ticket counters (with <paramref name="OrderId"/>).</param>
public sealed record SeatRepair(string SeatId, string? OrderId, string? UserId);

/// <summary>What a repair changed: each seat's state before and after.</summary>
public sealed record SeatRepairResult(IReadOnlyList<SeatRepairChange> Changes);

/// <summary>One repaired seat, before and after (encoded as <c>available</c>, <c>held:&lt;holdId&gt;</c>, <c>sold:&lt;orderId&gt;</c>).</summary>
public sealed record SeatRepairChange(string SeatId, string Before, string After);

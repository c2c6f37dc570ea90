using Ticketing.Scripts.Layout;

namespace Ticketing.Scripts.SeatMap;

/// <summary>What a seat's state reads as to buyers.</summary>
public enum SeatStatus
{
    /// <summary>Free to hold (also a seat whose hold has expired but not yet been swept).</summary>
    Available,

    /// <summary>In a live hold.</summary>
    Held,

    /// <summary>In a confirmed order.</summary>
    Sold,

    /// <summary>Taken off sale by a seat block (production hold, kill): no one can hold it until the block is lifted.</summary>
    Blocked,
}

/// <summary>Every seat of an event with its state, read in one script run at <paramref name="Version"/>.</summary>
public sealed record SeatMapSnapshot(string EventId, long Version, IReadOnlyList<SeatState> Seats)
{
    /// <summary>What buyers see of this snapshot: the shape <see cref="IInventoryReader.SeatStatusesAsync"/> answers.</summary>
    public SeatStatusMap ToStatusMap() => new(EventId, Version, [.. Seats.Select(seat => new SeatStatusEntry(seat.Seat, seat.Status))]);
}

/// <summary>
/// Every seat of an event in layout order (<see cref="EventLayout.Seats"/>) with the status buyers
/// see, read in one script run at <paramref name="Version"/>. Seats of holds whose time has passed
/// read as available, swept or not.
/// </summary>
public sealed record SeatStatusMap(string EventId, long Version, IReadOnlyList<SeatStatusEntry> Seats);

/// <summary>One seat and its status.</summary>
public readonly record struct SeatStatusEntry(SeatInfo Seat, SeatStatus Status);

/// <summary>
/// One seat's state; <paramref name="HoldId"/> / <paramref name="OrderId"/> say who has it (for
/// operators, never for buyers). An <see cref="SeatStatus.Available"/> seat with a hold id belongs
/// to a hold whose time has passed but which the sweep has not released yet.
/// </summary>
public sealed record SeatState(SeatInfo Seat, SeatStatus Status, string? HoldId, string? OrderId);

/// <summary>The event's exact counters, kept by the scripts (not recounted): available + held + sold + blocked = total.</summary>
public sealed record Availability(int TotalSeats, int AvailableSeats, int HeldSeats, int SoldSeats, long Version, int BlockedSeats = 0);

/// <summary>A seat change as published on <see cref="Keys.EventKeys.Changes"/>.</summary>
public sealed record SeatChange(string SeatId, SeatStatus Status);

/// <summary>The message published for every state change: the new version and what changed.</summary>
public sealed record SeatChangeBatch(long Version, IReadOnlyList<SeatChange> Changes);

using System.Buffers;
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
    public SeatStatusMap ToStatusMap() =>
        new(EventId, Version, [.. Seats.Select(seat => seat.Seat)], [.. Seats.Select(seat => SeatStatusLetters.Of(seat.Status))]);
}

/// <summary>
/// Every seat of an event in layout order (<see cref="EventLayout.Seats"/>) with the status buyers
/// see, read in one script run at <paramref name="Version"/>: one letter per seat
/// (<see cref="SeatStatusLetters"/>), as Redis keeps them. Seats of holds whose time has passed read
/// as available, swept or not. The letters are kept as read rather than turned into an entry per
/// seat: a stadium's status is rebuilt on every change of a sale, and 50,000 entries a rebuild kept
/// the large object heap churning.
/// </summary>
/// <param name="EventId">The event.</param>
/// <param name="Version">The event's version when the letters were read.</param>
/// <param name="Layout">The seats in layout order.</param>
/// <param name="Letters">One status letter per seat of <paramref name="Layout"/>, at the same position.</param>
public sealed record SeatStatusMap(string EventId, long Version, IReadOnlyList<SeatInfo> Layout, byte[] Letters)
{
    private SeatStatusEntry[]? _seats;

    /// <summary>Each seat with its status, in layout order (made on first use).</summary>
    public IReadOnlyList<SeatStatusEntry> Seats => _seats ??= [.. Layout.Select((seat, position) => new SeatStatusEntry(seat, SeatStatusLetters.StatusOf(Letters[position])))];
}

/// <summary>One seat and its status.</summary>
public readonly record struct SeatStatusEntry(SeatInfo Seat, SeatStatus Status);

/// <summary>
/// The one-letter status codes the engine keeps per seat (its status string) and the seat-status
/// view sends as they are: <c>a</c> available, <c>h</c> held, <c>s</c> sold, <c>b</c> blocked.
/// </summary>
public static class SeatStatusLetters
{
    /// <summary>The letter of an available seat.</summary>
    public const byte Available = (byte)'a';

    private static readonly SearchValues<byte> Known = SearchValues.Create("ahsb"u8);

    /// <summary>The letter of <paramref name="status"/>.</summary>
    public static byte Of(SeatStatus status) => status switch
    {
        SeatStatus.Available => Available,
        SeatStatus.Held => (byte)'h',
        SeatStatus.Sold => (byte)'s',
        SeatStatus.Blocked => (byte)'b',
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The status a letter stands for; an unknown letter is a defect of the data in Redis.</summary>
    public static SeatStatus StatusOf(byte letter) => letter switch
    {
        Available => SeatStatus.Available,
        (byte)'h' => SeatStatus.Held,
        (byte)'s' => SeatStatus.Sold,
        (byte)'b' => SeatStatus.Blocked,
        _ => throw new InventoryEngineException($"unknown seat status letter {letter} in Redis"),
    };

    /// <summary>Whether every byte is a status letter: what Redis sends is checked once, not trusted.</summary>
    public static bool AreAll(ReadOnlySpan<byte> letters) => !letters.ContainsAnyExcept(Known);
}

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

namespace Ticketing.Scripts.Holds;

/// <summary>Hold these exact seats, all or nothing.</summary>
/// <param name="EventId">The event.</param>
/// <param name="UserId">Who holds.</param>
/// <param name="ClientReservationId">The client's idempotency id: the same id from the same user replays the first hold.</param>
/// <param name="SeatIds">Seats to hold.</param>
/// <param name="TtlSeconds">Hold lifetime (5..3600); null uses the event's default.</param>
public sealed record HoldSeatsRequest(
    string EventId,
    string UserId,
    string ClientReservationId,
    IReadOnlyList<string> SeatIds,
    int? TtlSeconds)
{
    /// <inheritdoc cref="HoldBestAvailableRequest.AdmittedFan"/>
    public string? AdmittedFan { get; init; }
}

/// <summary>Hold the best <paramref name="Quantity"/> free seats, chosen by the engine in the same script run.</summary>
/// <param name="EventId">The event.</param>
/// <param name="UserId">Who holds.</param>
/// <param name="ClientReservationId">The client's idempotency id.</param>
/// <param name="Quantity">How many seats.</param>
/// <param name="SectionId">Only this section, or any when null.</param>
/// <param name="Adjacent">All seats side by side in one row.</param>
/// <param name="TtlSeconds">Hold lifetime (5..3600); null uses the event's default.</param>
public sealed record HoldBestAvailableRequest(
    string EventId,
    string UserId,
    string ClientReservationId,
    int Quantity,
    string? SectionId,
    bool Adjacent,
    int? TtlSeconds)
{
    /// <summary>
    /// The waiting room's pseudonymous fan id when the event's room is on: the hold is made only if
    /// the fan's admission is live in Redis, checked in the hold's own script run
    /// (<see cref="HoldOutcome.NotAdmitted"/> otherwise). Null: no room, no check.
    /// </summary>
    public string? AdmittedFan { get; init; }
}

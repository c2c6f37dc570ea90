using Ticketing.Scripts.Tickets;

namespace Ticketing.Scripts;

/// <summary>
/// Admission at the gate: scanning tickets and reading who has been admitted. The rules common to
/// every façade are on <see cref="IInventoryEngine"/>.
/// </summary>
public interface ITicketGate
{
    /// <summary>
    /// Admits the ticket once, in one script run: the first scan of a live ticket marks it admitted
    /// (Redis clock); every later scan, from any gate, answers when that was. The caller has checked
    /// the ticket's signature: this only decides whether the ticket is still good and not yet used.
    /// The admission goes on the event's outbox stream in the same run (<see cref="CheckInEntry"/>),
    /// so it reaches PostgreSQL like an order.
    /// </summary>
    /// <param name="ticket">The ticket, as its verified payload names it.</param>
    /// <param name="scannedBy">The user id of whoever scanned it, recorded with the admission.</param>
    /// <param name="cancellationToken">Not observed once the script is sent.</param>
    Task<CheckInOutcome> CheckInAsync(TicketRef ticket, string scannedBy, CancellationToken cancellationToken = default);

    /// <summary>When each of the event's tickets named was admitted; tickets not admitted yet are absent.</summary>
    Task<IReadOnlyDictionary<string, DateTimeOffset>> CheckedInAtAsync(string eventId, IReadOnlyList<string> ticketIds, CancellationToken cancellationToken = default);
}

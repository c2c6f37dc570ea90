using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Payments;
using Ticketing.Scripts.Blocks;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Lifecycle;
using Ticketing.Scripts.Pricing;
using Ticketing.Scripts.Tickets;

namespace Ticketing.Api.Problems;

/// <summary>
/// The one place where the engine's failure outcomes become HTTP problems. Handlers answer their
/// success case themselves and hand every other outcome here, so a status code or error code is
/// decided once for the whole Api.
/// </summary>
public static class OutcomeProblems
{
    public static ProblemHttpResult For(HoldOutcome outcome) => outcome switch
    {
        HoldOutcome.SeatsUnavailable unavailable => ApiErrors.SeatUnavailable.Result(
            $"{unavailable.SeatIds.Count} of the requested seats are held or sold.", ("unavailable_seats", unavailable.SeatIds)),
        HoldOutcome.NotEnoughSeats notEnough => ApiErrors.NotEnoughSeats.Result(
            $"Fewer than {notEnough.Requested} matching seats are free.", ("requested", notEnough.Requested)),
        HoldOutcome.UnknownSeats unknown => ApiErrors.UnknownSeats.Result(
            "Some seat ids are not part of this event.", ("unknown_seats", unknown.SeatIds)),
        HoldOutcome.DuplicateSeats duplicate => ApiErrors.DuplicateSeats.Result(
            "Each seat may be named once.", ("duplicate_seats", duplicate.SeatIds)),
        HoldOutcome.TooManySeats tooMany => ApiErrors.TooManySeats.Result(
            $"{tooMany.Requested} seats asked, at most {tooMany.Max} per hold.", ("max_seats_per_hold", tooMany.Max)),
        HoldOutcome.TicketLimitExceeded limit => ApiErrors.TicketLimitExceeded.Result(
            $"At most {limit.Limit} tickets per user; {limit.AlreadyHeldOrOwned} already held or bought.",
            ("max_tickets_per_user", limit.Limit), ("already_held_or_owned", limit.AlreadyHeldOrOwned)),
        HoldOutcome.InvalidTtl ttl => InvalidTtl(ttl.TtlSeconds),
        HoldOutcome.EventNotFound => EventNotFound(),
        HoldOutcome.NotAdmitted => Features.WaitingRoom.WaitingRoomErrors.AdmissionRequired.Result(
            "Your admission from the waiting room has ended: join the queue again to buy more."),
        HoldOutcome.NotOnSale { OpensAt: { } opensAt } notOnSale when notOnSale.Status == SaleStatuses.Scheduled => ApiErrors.EventNotOnSale.Result(
            $"The sale opens at {opensAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}.", ("event_status", notOnSale.Status), ("opens_at", opensAt)),
        HoldOutcome.NotOnSale notOnSale => ApiErrors.EventNotOnSale.Result(
            $"The event is {notOnSale.Status}: it takes no reservations now.", ("event_status", notOnSale.Status)),
        _ => throw Unexpected(outcome),
    };

    public static ProblemHttpResult For(BlockOutcome outcome) => outcome switch
    {
        BlockOutcome.SeatsUnavailable unavailable => ApiErrors.SeatUnavailable.Result(
            $"{unavailable.SeatIds.Count} of the seats are held, sold or blocked already; nothing was blocked.", ("unavailable_seats", unavailable.SeatIds)),
        BlockOutcome.UnknownSeats unknown => ApiErrors.UnknownSeats.Result(
            "Some seat ids are not part of this event.", ("unknown_seats", unknown.SeatIds)),
        BlockOutcome.DuplicateSeats duplicate => ApiErrors.DuplicateSeats.Result(
            "Each seat may be named once.", ("duplicate_seats", duplicate.SeatIds)),
        BlockOutcome.EventNotFound => EventNotFound(),
        _ => throw Unexpected(outcome),
    };

    public static ProblemHttpResult For(CheckInOutcome outcome) => outcome switch
    {
        CheckInOutcome.AlreadyCheckedIn already => ApiErrors.AlreadyCheckedIn.Result(
            $"This ticket was checked in at {already.CheckedInAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}.", ("checked_in_at", already.CheckedInAt)),
        CheckInOutcome.Refunded => ApiErrors.TicketRefunded.Result("This ticket has been refunded: it admits no one."),
        CheckInOutcome.UnknownTicket => InvalidTicket(),
        _ => throw Unexpected(outcome),
    };

    /// <summary>A payload that is not a ticket this service signed, or names no ticket it sold: never says which.</summary>
    public static ProblemHttpResult InvalidTicket() => ApiErrors.InvalidTicket.Result("This is not a valid ticket.");

    public static ProblemHttpResult WrongEvent() => ApiErrors.WrongEvent.Result("This ticket is for another event.");


    public static ProblemHttpResult For(RepriceOutcome outcome) => outcome switch
    {
        RepriceOutcome.SeatsUnavailable unavailable => ApiErrors.SeatUnavailable.Result(
            $"{unavailable.SeatIds.Count} of the seats are held, being paid for or sold; no price changed.", ("unavailable_seats", unavailable.SeatIds)),
        RepriceOutcome.UnknownSeats unknown => ApiErrors.UnknownSeats.Result(
            "Some seat ids are not part of this event.", ("unknown_seats", unknown.SeatIds)),
        RepriceOutcome.DuplicateSeats duplicate => ApiErrors.DuplicateSeats.Result(
            "Each seat may be named once.", ("duplicate_seats", duplicate.SeatIds)),
        RepriceOutcome.EventNotFound => EventNotFound(),
        _ => throw Unexpected(outcome),
    };

    public static ProblemHttpResult InvalidTransition(string from, string to) => ApiErrors.InvalidTransition.Result(
        $"An event that is {from} cannot become {to}.", ("from", from), ("to", to));

    public static ProblemHttpResult For(ExtendOutcome outcome) => outcome switch
    {
        ExtendOutcome.NoExtensionsLeft => ApiErrors.NoExtensionsLeft.Result("This reservation has used all its extensions."),
        ExtendOutcome.Expired => ReservationExpired(),
        ExtendOutcome.NotHeld notHeld => NotHeld(notHeld.Status),
        ExtendOutcome.NotFound => ReservationNotFound(),
        _ => throw Unexpected(outcome),
    };

    public static ProblemHttpResult For(ReleaseOutcome outcome) => outcome switch
    {
        ReleaseOutcome.Expired => ReservationExpired(),
        ReleaseOutcome.NotHeld notHeld => NotHeld(notHeld.Status),
        ReleaseOutcome.NotFound => ReservationNotFound(),
        _ => throw Unexpected(outcome),
    };

    public static ProblemHttpResult For(CheckoutOutcome outcome) => outcome switch
    {
        CheckoutOutcome.PaymentDeclined { Reason: PaymentDeclineReasons.InvalidToken } => ApiErrors.InvalidPaymentToken.Result(
            "The payment token is not one the gateway knows; nothing was charged and the reservation is still held.",
            ("reason", PaymentDeclineReasons.InvalidToken), ("retry_allowed", true)),
        CheckoutOutcome.PaymentDeclined declined => ApiErrors.PaymentFailed.Result(
            "The payment was refused; nothing was charged and the reservation is still held until it expires.",
            ("reason", declined.Reason), ("retry_allowed", true)),
        CheckoutOutcome.PaymentTimedOut timedOut => ApiErrors.PaymentTimeout.Result(
            $"The payment gateway did not answer within {timedOut.After.TotalSeconds:0.#} s; nothing was charged.",
            ("retry_allowed", true)),
        CheckoutOutcome.NotReplicated => ApiErrors.CommitNotReplicated.Result(
            "The payment went through and the seats are sold, but no Redis replica confirmed the order in time. "
            + "Retry with the same idempotency_key: it answers the order once it is safe, charged once.",
            ("retry_allowed", true)),
        CheckoutOutcome.Expired => ReservationExpired(),
        CheckoutOutcome.NotHeld notHeld => NotHeld(notHeld.Status),
        CheckoutOutcome.NotFound => ReservationNotFound(),
        _ => throw Unexpected(outcome),
    };

    public static ProblemHttpResult InvalidTtl(int seconds) => ApiErrors.InvalidTtl.Result(
        $"{seconds} s is outside {HoldLimits.MinTtlSeconds}..{HoldLimits.MaxTtlSeconds} s.",
        ("min_seconds", HoldLimits.MinTtlSeconds), ("max_seconds", HoldLimits.MaxTtlSeconds));

    public static ProblemHttpResult EventNotFound() => ApiErrors.EventNotFound.Result("No event has this id.");

    public static ProblemHttpResult ReservationNotFound() => ApiErrors.ReservationNotFound.Result("No reservation of yours has this id.");

    public static ProblemHttpResult OrderNotFound() => ApiErrors.OrderNotFound.Result("No order of yours has this id.");

    private static ProblemHttpResult ReservationExpired() => ApiErrors.ReservationExpired.Result(
        "The reservation's time ran out and its seats were given back.");

    private static ProblemHttpResult NotHeld(HoldStatus status) => ApiErrors.ReservationNotHeld.Result(
        $"The reservation is {StatusName(status)}, not held.", ("reservation_status", StatusName(status)));

    /// <summary>A hold being paid for is still held as far as its owner can tell.</summary>
    public static string StatusName(HoldStatus status) => status switch
    {
        HoldStatus.Held or HoldStatus.Paying => "held",
        HoldStatus.Committed => "committed",
        HoldStatus.Expired => "expired",
        HoldStatus.Released => "released",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static InvalidOperationException Unexpected(object outcome) =>
        new($"{outcome.GetType().Name} is a success outcome; the handler answers it");
}

namespace Ticketing.Api.Problems;

/// <summary>Every <c>error</c> code the Api answers with (docs/API.md, "Errors").</summary>
public static class ApiErrors
{
    public static readonly ApiError InvalidRequest = new("invalid_request", StatusCodes.Status400BadRequest, "The request is not valid");
    public static readonly ApiError InvalidLayout = new("invalid_layout", StatusCodes.Status400BadRequest, "The event layout is not valid");
    public static readonly ApiError Unauthorized = new("unauthorized", StatusCodes.Status401Unauthorized, "A valid bearer token is required");
    public static readonly ApiError InvalidWebhook = new("invalid_webhook", StatusCodes.Status400BadRequest, "The webhook is not a payment event");
    public static readonly ApiError InvalidSignature = new("invalid_signature", StatusCodes.Status401Unauthorized, "The webhook signature is not valid");
    public static readonly ApiError SignatureExpired = new("signature_expired", StatusCodes.Status401Unauthorized, "The webhook signature is too old or too new");
    public static readonly ApiError PaymentFailed = new("payment_failed", StatusCodes.Status402PaymentRequired, "The payment failed");
    public static readonly ApiError InvalidPaymentToken = new("invalid_payment_token", StatusCodes.Status402PaymentRequired, "The payment token is not valid");
    public static readonly ApiError Forbidden = new("forbidden", StatusCodes.Status403Forbidden, "This route needs another role");
    public static readonly ApiError NotFound = new("not_found", StatusCodes.Status404NotFound, "Not found");
    public static readonly ApiError MethodNotAllowed = new("method_not_allowed", StatusCodes.Status405MethodNotAllowed, "Method not allowed");
    public static readonly ApiError EventNotFound = new("event_not_found", StatusCodes.Status404NotFound, "Event not found");
    public static readonly ApiError ReservationNotFound = new("reservation_not_found", StatusCodes.Status404NotFound, "Reservation not found");
    public static readonly ApiError OrderNotFound = new("order_not_found", StatusCodes.Status404NotFound, "Order not found");
    public static readonly ApiError SeatUnavailable = new("seat_unavailable", StatusCodes.Status409Conflict, "Seats are not available");
    public static readonly ApiError NotEnoughSeats = new("not_enough_seats", StatusCodes.Status409Conflict, "Not enough free seats");
    public static readonly ApiError NoExtensionsLeft = new("no_extensions_left", StatusCodes.Status409Conflict, "No extensions left");
    public static readonly ApiError EventNotOnSale = new("event_not_on_sale", StatusCodes.Status409Conflict, "The event is not on sale");
    public static readonly ApiError InvalidTransition = new("invalid_transition", StatusCodes.Status409Conflict, "The event cannot move to this status");
    public static readonly ApiError AlreadyCheckedIn = new("already_checked_in", StatusCodes.Status409Conflict, "The ticket has been checked in already");
    public static readonly ApiError InvalidTicket = new("invalid_ticket", StatusCodes.Status422UnprocessableEntity, "The ticket is not valid");
    public static readonly ApiError TicketRefunded = new("ticket_refunded", StatusCodes.Status422UnprocessableEntity, "The ticket has been refunded");
    public static readonly ApiError WrongEvent = new("wrong_event", StatusCodes.Status422UnprocessableEntity, "The ticket is for another event");
    public static readonly ApiError RefundWindowClosed = new("refund_window_closed", StatusCodes.Status409Conflict, "The event no longer takes cancellations");
    public static readonly ApiError TicketAlreadyRefunded = new("ticket_already_refunded", StatusCodes.Status409Conflict, "Some tickets are refunded already");
    public static readonly ApiError TicketNotInOrder = new("ticket_not_in_order", StatusCodes.Status422UnprocessableEntity, "Tickets not of this order");
    public static readonly ApiError BlockNotFound = new("block_not_found", StatusCodes.Status404NotFound, "Seat block not found");
    public static readonly ApiError ReservationNotHeld = new("reservation_not_held", StatusCodes.Status409Conflict, "The reservation is not held");
    public static readonly ApiError ReservationExpired = new("reservation_expired", StatusCodes.Status410Gone, "The reservation has expired");
    public static readonly ApiError PayloadTooLarge = new("payload_too_large", StatusCodes.Status413PayloadTooLarge, "The request body is too large");
    public static readonly ApiError UnsupportedMediaType = new("unsupported_media_type", StatusCodes.Status415UnsupportedMediaType, "Unsupported media type");
    public static readonly ApiError UnknownSeats = new("unknown_seats", StatusCodes.Status422UnprocessableEntity, "Unknown seats");
    public static readonly ApiError DuplicateSeats = new("duplicate_seats", StatusCodes.Status422UnprocessableEntity, "Seats named twice");
    public static readonly ApiError TooManySeats = new("too_many_seats", StatusCodes.Status422UnprocessableEntity, "Too many seats in one hold");
    public static readonly ApiError TicketLimitExceeded = new("ticket_limit_exceeded", StatusCodes.Status422UnprocessableEntity, "Ticket limit per user exceeded");
    public static readonly ApiError InvalidTtl = new("invalid_ttl", StatusCodes.Status422UnprocessableEntity, "Hold time out of range");
    public static readonly ApiError RateLimited = new("rate_limited", StatusCodes.Status429TooManyRequests, "Too many requests");
    public static readonly ApiError InternalError = new("internal_error", StatusCodes.Status500InternalServerError, "Something went wrong on our side");
    public static readonly ApiError ServiceUnavailable = new("service_unavailable", StatusCodes.Status503ServiceUnavailable, "A backing store is unavailable");
    public static readonly ApiError CommitNotReplicated = new("commit_not_replicated", StatusCodes.Status503ServiceUnavailable, "The order is not yet safe on a replica");
    public static readonly ApiError PaymentTimeout = new("payment_timeout", StatusCodes.Status504GatewayTimeout, "The payment gateway did not answer in time");

    /// <summary>The codes a validator may give a failure (<see cref="ValidationProblems"/>); anything else answers <c>invalid_request</c>.</summary>
    public static readonly IReadOnlyDictionary<string, ApiError> ValidationErrors = new Dictionary<string, ApiError>(StringComparer.Ordinal)
    {
        [InvalidLayout.Code] = InvalidLayout,
    };

    /// <summary>The generic code for a status that no handler gave a specific code (routing 404, 405, …).</summary>
    public static string CodeForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => InvalidRequest.Code,
        StatusCodes.Status401Unauthorized => Unauthorized.Code,
        StatusCodes.Status403Forbidden => Forbidden.Code,
        StatusCodes.Status404NotFound => NotFound.Code,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed.Code,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge.Code,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType.Code,
        StatusCodes.Status429TooManyRequests => RateLimited.Code,
        StatusCodes.Status503ServiceUnavailable => ServiceUnavailable.Code,
        >= 500 => InternalError.Code,
        _ => "http_" + status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

namespace Ticketing.Api.Observability;

/// <summary>
/// What a request came to (<c>created</c>, <c>seat_unavailable</c>, …), kept on the request for its
/// log line. The first writer wins: a handler's own answer is more precise than what a problem
/// written later for the same request would say.
/// </summary>
public sealed class RequestOutcome
{
    private string? _value;

    public static void SetIfUnknown(HttpContext context, string? outcome)
    {
        if (outcome is null)
        {
            return;
        }

        if (context.Features.Get<RequestOutcome>() is { } existing)
        {
            existing._value ??= outcome;
            return;
        }

        context.Features.Set(new RequestOutcome { _value = outcome });
    }

    /// <summary>The recorded outcome, or one read off the status for requests that recorded none.</summary>
    public static string Of(HttpContext context)
    {
        var status = context.Response.StatusCode;
        return context.Features.Get<RequestOutcome>()?._value ?? (status < 400 ? "ok" : "http_" + status);
    }
}

using Hangfire;

namespace Ticketing.Reconciler.Refunds;

/// <summary>
/// Refunds every order of a cancelled event. On its own queue, which only processes with a payment
/// gateway (<see cref="IOrderRefunds"/> registered: the Api) take; safe to run twice.
/// </summary>
[Queue(Queue)]
[AutomaticRetry(Attempts = 5, DelaysInSeconds = [10, 60, 300, 900, 3600])]
[DisableConcurrentExecution(timeoutInSeconds: 600)]
public sealed class RefundEventOrdersJob(EventOrderRefunder refunder)
{
    /// <summary>The Hangfire queue of refund jobs.</summary>
    public const string Queue = "refunds";

    /// <param name="eventId">The cancelled event.</param>
    /// <param name="cancellationToken">The job server's shutdown.</param>
    public Task<EventRefundReport> RunAsync(Guid eventId, CancellationToken cancellationToken) =>
        refunder.RefundAllAsync(eventId, cancellationToken);
}

/// <summary>Starts the refunds of a cancelled event.</summary>
public sealed class EventCancellationRefunds(IBackgroundJobClient jobs)
{
    /// <summary>
    /// How long after the cancellation the walk runs once more: a hold being paid when the event was
    /// cancelled may still commit (holds live at most an hour, plus the payment window), and its
    /// order is refunded by that second walk.
    /// </summary>
    public static readonly TimeSpan SecondWalkAfter = TimeSpan.FromMinutes(75);

    /// <summary>Enqueues the walk now, and again after <see cref="SecondWalkAfter"/>; returns the first job's id.</summary>
    public string Start(Guid eventId)
    {
        jobs.Schedule<RefundEventOrdersJob>(job => job.RunAsync(eventId, CancellationToken.None), SecondWalkAfter);
        return jobs.Enqueue<RefundEventOrdersJob>(job => job.RunAsync(eventId, CancellationToken.None));
    }
}

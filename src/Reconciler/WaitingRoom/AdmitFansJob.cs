using Hangfire;

namespace Ticketing.Reconciler.WaitingRoom;

/// <summary>
/// The admission tick of every waiting room, every second. Hangfire enqueues each firing once
/// however many processes run, and <see cref="DisableConcurrentExecutionAttribute"/> keeps a slow
/// tick from overlapping the next. No retry: the next firing is a second away and does the same.
/// </summary>
[AutomaticRetry(Attempts = 0)]
[DisableConcurrentExecution(timeoutInSeconds: 5)]
public sealed class AdmitFansJob(AdmissionLoop loop)
{
    public const string Id = "waiting-room-admission";

    public async Task<int> RunAsync(CancellationToken cancellationToken) =>
        (await loop.TickAsync(cancellationToken).ConfigureAwait(false)).Sum(tick => tick.Admitted);
}

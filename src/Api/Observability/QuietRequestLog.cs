namespace Ticketing.Api.Observability;

/// <summary>
/// Endpoint metadata: a successful answer of this route is logged at Debug, not Information, so at
/// the default level it leaves no request line (<see cref="LoggingSetup"/>); a refusal or a failure
/// still does. For the reads a sale repeats by the thousand a second (queue polls, the seat status,
/// health probes), whose lines were most of the log and cost the Api more than the answer itself
/// does; the request-duration metric still counts every one of them.
/// </summary>
public sealed class QuietRequestLog
{
    public static readonly QuietRequestLog Instance = new();

    private QuietRequestLog()
    {
    }
}

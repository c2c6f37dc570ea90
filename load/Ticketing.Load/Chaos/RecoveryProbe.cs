using System.Net;
using Ticketing.Load.Api;
using Ticketing.Load.Scenarios;
using Ticketing.Load.Setup;

namespace Ticketing.Load.Chaos;

/// <summary>
/// Holds one seat of an event of its own a few times a second and releases it at once, for the
/// whole run: whether holds work does not then depend on where the sale is (fans still waiting to
/// be admitted, or sold out), so every fault gets a time until holds succeed again.
/// </summary>
public sealed class RecoveryProbe
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    // Several users take turns, so none comes near the per-user hold budget.
    private const int Users = 8;

    private readonly TicketingClient _client;
    private readonly string _eventId;
    private readonly string[] _tokens;

    private RecoveryProbe(TicketingClient client, string eventId, string[] tokens)
    {
        _client = client;
        _eventId = eventId;
        _tokens = tokens;
    }

    public static async Task<RecoveryProbe> CreateAsync(ScenarioContext context, TicketingClient client, CancellationToken cancellationToken)
    {
        var plan = new EventPlan(Seats: 200, SeatsPerRow: 20, RowsPerSection: 10, HoldTtlSeconds: 10, MaxSeatsPerHold: 1, MaxTicketsPerUser: 8);
        var eventId = await context.CreateEventAsync(plan, $"Chaos probe {context.RunId}", cancellationToken);
        var tokens = await Tokens.ManyAsync(context.Setup, $"probe-{context.RunId}", Users, Users, cancellationToken);
        return new RecoveryProbe(client, eventId, tokens);
    }

    public async Task RunAsync(CancellationToken stop)
    {
        using var ticks = new PeriodicTimer(Interval);
        try
        {
            for (var turn = 0; await ticks.WaitForNextTickAsync(stop); turn++)
            {
                var token = _tokens[turn % _tokens.Length];
                var hold = await _client.HoldAsync(
                    token, _eventId, new HoldRequest(Guid.NewGuid().ToString(), null, new BestAvailableRequest(1, null, false), 10), stop);
                if (hold is { Status: HttpStatusCode.Created, Body: { } made })
                {
                    await _client.ReleaseAsync(token, made.ReservationId, stop);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over.
        }
    }
}

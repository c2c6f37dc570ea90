using Ticketing.Persistence.Events;
using Ticketing.Persistence.Migrations;
using Ticketing.Reconciler.Events;
using Ticketing.Scripts.Layout;

namespace Ticketing.Api.Features.Events;

/// <summary>
/// With <c>Demo:SeedEvent=true</c> (as <c>./ticketing run</c> sets it), creates a demo event at
/// start when no event exists yet, so a fresh install has something to sell. Waits for the schema
/// and retries while PostgreSQL or Redis are not reachable yet.
/// </summary>
public sealed class DemoEventSeeder(
    IConfiguration configuration, SchemaState schema, IEventRepository events, IEventLoader loader, ILogger<DemoEventSeeder> logger)
    : BackgroundService
{
    public const string Title = "Demo Stadium Night";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue<bool>("Demo:SeedEvent"))
        {
            return;
        }

        await schema.WaitAsync(stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SeedAsync(stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Demo event not seeded yet; retrying");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        if ((await events.SearchAsync(null, 1, 1, cancellationToken).ConfigureAwait(false)).Total > 0)
        {
            return;
        }

        var record = await events.CreateAsync(Demo(), cancellationToken).ConfigureAwait(false);
        await loader.EnsureLoadedAsync(record, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Created the demo event {EventId} with {Seats} seats", record.Id, record.ToLayout().TotalSeats);
    }

    /// <summary>Three price tiers, 2,860 seats: big enough for a load test, small enough for one seat-map page.</summary>
    private static NewEvent Demo() => new(
        Title,
        "Ticketing Arena",
        DateTimeOffset.UtcNow.Date.AddDays(30).AddHours(20),
        "USD",
        HoldTtlSeconds: 300,
        MaxSeatsPerHold: 8,
        MaxTicketsPerUser: 8,
        MaxExtensions: 1,
        [
            Section("FLOOR", "Floor", 299.99m, rows: 10, seatsPerRow: 30),
            Section("LOWER", "Lower Bowl", 149.50m, rows: 20, seatsPerRow: 50),
            Section("UPPER", "Upper Bowl", 59m, rows: 26, seatsPerRow: 60),
        ]);

    private static SectionLayout Section(string id, string name, decimal price, int rows, int seatsPerRow) =>
        new(id, name, price, [.. Enumerable.Range(0, rows).Select(row => new RowLayout(((char)('A' + row)).ToString(), seatsPerRow))]);
}

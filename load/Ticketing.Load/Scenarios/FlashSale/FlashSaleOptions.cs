using Ticketing.Load.Cli;
using Ticketing.Load.Setup;

namespace Ticketing.Load.Scenarios.FlashSale;

/// <summary>
/// The flash-sale knobs; names and defaults match load/k6/flash-sale.js. <see cref="Fans"/> fans
/// join the event's waiting room at <see cref="JoinRate"/> per second; the room, not the driver,
/// decides how fast they are admitted (<see cref="Room"/> gives it the caps and the latency
/// target). <see cref="Users"/> is the most fans in flight at once (joined and not yet done),
/// beyond which joins are dropped and counted. A fan polls when the answer says
/// (<c>poll_after_seconds</c>), or sooner when <see cref="MaxPollWait"/> caps the wait.
/// </summary>
public sealed record FlashSaleOptions(
    string RunId,
    int Fans,
    double JoinRate,
    int Users,
    TimeSpan Duration,
    BuyerMix Mix,
    int HoldTtlSeconds,
    int MaxRetries,
    int? Seed,
    RoomPlan Room,
    TimeSpan? MaxPollWait)
{
    /// <summary>Reads and checks the knobs (before an event is created for a run they would fail).</summary>
    public static FlashSaleOptions Read(Settings settings, string runId, EventPlan plan)
    {
        // As many fans as seats: more than enough to sell out, since every buyer who pays takes at least one.
        var fans = settings.Integer("fans", plan.Seats);
        var options = new FlashSaleOptions(
            runId,
            fans,
            settings.Number("join-rate", 500),
            settings.Integer("users", fans),
            settings.Duration("duration", TimeSpan.FromMinutes(4)),
            ReadMix(settings),
            plan.HoldTtlSeconds,
            settings.Integer("max-retries", 3),
            settings.Find("seed") is null ? null : settings.Integer("seed", 0),
            RoomPlan.Read(settings),
            settings.Find("max-poll-wait") is null ? null : settings.Duration("max-poll-wait", TimeSpan.Zero));
        if (options.Fans < 1 || options.JoinRate <= 0 || options.Users < 1)
        {
            throw new UsageException("flash-sale needs FANS >= 1, JOIN_RATE > 0 fans per second and USERS >= 1 fans in flight");
        }


        options.Mix.Validate();
        return options;
    }

    public static BuyerMix ReadMix(Settings settings) => new(
        settings.Integer("max-seats", 4),
        settings.Number("best-available-share", 0.5),
        settings.Number("decline-share", 0.1),
        settings.Number("abandon-share", 0.1));

    public static EventPlan ReadEventPlan(Settings settings, int defaultSeats) => new(
        settings.Integer("event-seats", defaultSeats),
        settings.Integer("seats-per-row", 50),
        settings.Integer("rows-per-section", 20),
        settings.Integer("hold-ttl", 30),
        settings.Integer("max-seats-per-hold", 8),
        settings.Integer("max-tickets-per-user", 8));
}

/// <summary>
/// What the sale's waiting room is given: at most <see cref="MaxActive"/> admitted fans in the sale
/// at once, at most <see cref="AdmitPerSecond"/> admissions a second, and the hold and commit p99
/// the room's admission loop keeps the sale under. Within those the service sets the rate.
/// <see cref="AdmissionTtlSeconds"/> (null: the service's default, 600 s) bounds how long a fan
/// who leaves without buying (declined, walked away) keeps a place under <see cref="MaxActive"/>.
/// <see cref="PreQueue"/> (null: none) opens the sale that long after the room is turned on, as an
/// on-sale announced for a set time does: fans who join before then wait in the pre-queue, whose
/// order is drawn at the open.
/// </summary>
public sealed record RoomPlan(int MaxActive, int AdmitPerSecond, int TargetP99Ms, int? AdmissionTtlSeconds = null, TimeSpan? PreQueue = null)
{
    public static RoomPlan Read(Settings settings)
    {
        var plan = new RoomPlan(
            settings.Integer("max-active", 1000), settings.Integer("admit-per-second", 500), settings.Integer("target-p99-ms", 100),
            settings.Find("admission-ttl") is null ? null : settings.Integer("admission-ttl", 600),
            settings.Find("pre-queue") is null ? null : settings.Duration("pre-queue", TimeSpan.Zero));
        if (plan is { MaxActive: < 1 } or { AdmitPerSecond: < 1 } or { TargetP99Ms: < 1 } or { AdmissionTtlSeconds: < 10 })
        {
            throw new UsageException("flash-sale needs MAX_ACTIVE, ADMIT_PER_SECOND and TARGET_P99_MS >= 1, and ADMISSION_TTL >= 10 s");
        }

        if (plan.PreQueue is { } preQueue && preQueue < TimeSpan.FromSeconds(1))
        {
            throw new UsageException("flash-sale needs PRE_QUEUE of at least 1 s (or none)");
        }

        return plan;
    }
}

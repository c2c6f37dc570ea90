using System.Globalization;

namespace Ticketing.Load.Bench;

/// <summary>
/// What held a sale back, named from its measured CPU split: Redis's one script thread, the
/// machine's cores (then whichever process used most of them: the Api, the load generator or
/// PostgreSQL), or none of them, when the sale ran below what the machine can do and the room's
/// admission rate set its pace.
/// </summary>
/// <param name="Name">The binding resource, e.g. <c>Api CPU</c>.</param>
/// <param name="Why">The numbers behind the verdict.</param>
public sealed record BindingResource(string Name, string Why)
{
    /// <summary>Redis runs every script on one thread: past this share of a core, scripts queue.</summary>
    public const double RedisBusyShare = 0.8;

    /// <summary>Past this share of all cores, every process waits for a core.</summary>
    public const double MachineBusyShare = 0.85;

    /// <summary>
    /// A loop whose median rate stayed below this share of the room's cap spent most of the sale
    /// under it, whatever its last reason: the cap did not set the pace.
    /// </summary>
    public const double AtCapShare = 0.9;

    /// <param name="phase">The sale's CPU samples (Redis, Api, PostgreSQL).</param>
    /// <param name="driver">The load generator's own CPU over the sale, in cores.</param>
    /// <param name="cores">The machine's cores.</param>
    /// <param name="room">What the admission loop did, which says what paced the sale when the CPUs did not.</param>
    public static BindingResource Of(CpuPhase phase, double driver, double cores, RoomPace room)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(phase);
        var used = phase.RedisCores + phase.ApiCores + phase.PostgresCores + driver;
        var split = string.Create(CultureInfo.InvariantCulture,
            $"Redis {phase.RedisCores:0.00} of its one core, Api {phase.ApiCores:0.00}, load generator {driver:0.00}, PostgreSQL {phase.PostgresCores:0.00}: {used:0.00} of {cores:0} cores");
        if (phase.RedisCores >= RedisBusyShare)
        {
            return new BindingResource("Redis CPU", $"{split}; Redis's script thread was busy {phase.RedisCores:P0} of the time");
        }

        if (used >= MachineBusyShare * cores)
        {
            var (name, share) = new[]
            {
                ("Api CPU", phase.ApiCores), ("the load generator", driver), ("PostgreSQL CPU", phase.PostgresCores), ("Redis CPU", phase.RedisCores),
            }.MaxBy(consumer => consumer.Item2);
            return new BindingResource(name, $"{split}; the cores were {used / cores:P0} busy and {name} used the most of them ({share:0.00})");
        }

        const string HeldByLatency = "the admission loop, holding the p99 under its target";
        var belowCap = room is { MedianRate: { } median, Cap: { } cap } && median < AtCapShare * cap;
        var paced = room.Reason switch
        {
            "at_admit_per_second" when belowCap => HeldByLatency,
            "at_admit_per_second" => "the room's admit_per_second cap",
            "sale_full" => "the room's max_active cap",
            "few_waiting" => "the fans' arrival: fewer waited than the loop would admit",
            "hold_latency_over_target" or "commit_latency_over_target" or "cooling" => HeldByLatency,
            _ => "the admission loop's rate",
        };
        var rates = room is { MedianRate: { } rate, Cap: { } limit }
            ? string.Create(CultureInfo.InvariantCulture, $"; the loop's median rate {rate:0}/s against the room's cap of {limit:0}/s")
            : "";
        return new BindingResource($"none of the CPUs: {paced}", $"{split}; the cores were {used / cores:P0} busy{rates}");
    }
}

/// <summary>
/// What a sale's admission loop did: its reason at the end, its median rate over the sale and the
/// room's <c>admit_per_second</c> cap (null when the run does not say).
/// </summary>
public sealed record RoomPace(string? Reason, double? MedianRate = null, double? Cap = null);

using Ticketing.Load.Cli;

namespace Ticketing.Load.Chaos;

/// <summary>
/// The chaos knobs (the sale's own are the flash-sale ones): SEED draws the schedule (a fresh one
/// is drawn and printed when none is given), FAULT_COMMAND kills and starts processes, TARGETS
/// names what dies (every kind once by default), FAULT_GAP the wait before each kill, FAULT_DOWN
/// how long a killed process stays down, RECOVERY_LIMIT the longest wait for holds to work again.
/// </summary>
public sealed record ChaosOptions(
    int Seed,
    string FaultCommand,
    IReadOnlyList<string> Targets,
    (TimeSpan Min, TimeSpan Max) Gap,
    (TimeSpan Min, TimeSpan Max) Down,
    TimeSpan StartTimeout,
    TimeSpan RecoveryLimit)
{
    public static ChaosOptions Read(Settings settings)
    {
        var options = new ChaosOptions(
            settings.Find("seed") is null ? Random.Shared.Next(1, 1_000_000) : settings.Integer("seed", 0),
            settings.Find("fault-command") ?? throw new UsageException("chaos needs --fault-command (load/chaos.sh passes its own)"),
            settings.Find("targets") is { } targets ? targets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : FaultSchedule.AllTargets,
            (settings.Duration("fault-gap-min", TimeSpan.FromSeconds(3)), settings.Duration("fault-gap-max", TimeSpan.FromSeconds(8))),
            (settings.Duration("fault-down-min", TimeSpan.FromSeconds(1)), settings.Duration("fault-down-max", TimeSpan.FromSeconds(3))),
            settings.Duration("start-timeout", TimeSpan.FromMinutes(2)),
            settings.Duration("recovery-limit", TimeSpan.FromSeconds(60)));
        if (options.Targets.Count == 0 || options.Gap.Min > options.Gap.Max || options.Down.Min > options.Down.Max || options.Gap.Min < TimeSpan.Zero || options.Down.Min < TimeSpan.Zero)
        {
            throw new UsageException("chaos needs at least one target, and FAULT_GAP_MIN <= FAULT_GAP_MAX, FAULT_DOWN_MIN <= FAULT_DOWN_MAX, none negative");
        }

        return options;
    }
}

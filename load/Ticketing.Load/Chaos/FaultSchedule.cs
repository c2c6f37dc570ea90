namespace Ticketing.Load.Chaos;

/// <summary>
/// One kill: the process to <c>kill -9</c>, how long to wait before it (after the previous fault's
/// recovery, or the sale's start), and how long it stays down before it is started again.
/// </summary>
public sealed record Fault(string Target, TimeSpan Before, TimeSpan Down);

/// <summary>
/// Which process dies when: every target once, in an order and at moments drawn from one seed, so
/// a run that found something can be replayed. Faults never overlap: each waits for the previous
/// one's recovery, so a window's errors belong to one kill.
/// </summary>
public static class FaultSchedule
{
    /// <summary>What a run kills unless told otherwise: the four kinds of process of the stack.</summary>
    public static readonly IReadOnlyList<string> AllTargets = ["redis", "api", "worker", "postgres"];

    public static IReadOnlyList<Fault> Draw(int seed, IReadOnlyList<string> targets, (TimeSpan Min, TimeSpan Max) before, (TimeSpan Min, TimeSpan Max) down)
    {
        var random = new Random(seed);
        var order = targets.ToArray();
        random.Shuffle(order);
        return order.Select(target => new Fault(target, Between(random, before), Between(random, down))).ToList();
    }

    private static TimeSpan Between(Random random, (TimeSpan Min, TimeSpan Max) range) =>
        range.Min + (range.Max - range.Min) * random.NextDouble();
}

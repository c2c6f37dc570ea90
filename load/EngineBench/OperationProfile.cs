using System.Globalization;
using System.Text;
using StackExchange.Redis;
using Ticketing.Scripts;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Layout;
using Ticketing.Scripts.Orders;
using Ticketing.Scripts.Payments;

namespace Ticketing.EngineBench;

/// <summary>
/// Redis's own time per call of every engine script, one operation at a time: every script is a
/// function of the engine's library and shows in <c>INFO commandstats</c> as fcall, so the statistics are reset before each operation and
/// read after it. Each operation runs through the façade from <see cref="Callers"/> concurrent
/// callers on an event of 4 sections of 50-seat rows: 4-seat holds of named seats, 4 adjacent best
/// available, begin payment and commit of the named holds, release of the best-available ones,
/// the sweep of holds whose 5 s have passed, and the seat-map (<c>seat_statuses</c>) and hold
/// status (<c>get_hold</c>) reads. All of it runs on <see cref="Events"/> fresh events of each
/// size in turn and the calls add up, so one noisy moment weighs on a third of the sample.
/// </summary>
internal static class OperationProfile
{
    public const int Callers = 50;

    public const int Events = 3;

    public sealed record Row(int Seats, string Operation, long Calls, double MicrosecondsPerCall);

    public static async Task<IReadOnlyList<Row>> RunAsync(IConnectionMultiplexer redis, IInventoryEngine engine, int seats, int holds)
    {
        var totals = new List<(string Operation, long Calls, double Microseconds)>();
        for (var round = 0; round < Events; round++)
        {
            foreach (var (operation, calls, microseconds) in await RunOnceAsync(redis, engine, seats, holds))
            {
                var index = totals.FindIndex(total => total.Operation == operation);
                if (index < 0)
                {
                    totals.Add((operation, calls, microseconds));
                }
                else
                {
                    totals[index] = (operation, totals[index].Calls + calls, totals[index].Microseconds + microseconds);
                }
            }
        }

        return [.. totals.Select(total => new Row(seats, total.Operation, total.Calls, total.Calls == 0 ? 0 : total.Microseconds / total.Calls))];
    }

    /// <summary>Every operation once on a fresh event: its calls and Redis's microseconds for them.</summary>
    private static async Task<IReadOnlyList<(string Operation, long Calls, double Microseconds)>> RunOnceAsync(IConnectionMultiplexer redis, IInventoryEngine engine, int seats, int holds)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var rowsPerSection = ProfileHall.RowsPerSection(seats);
        var layout = new EventLayout(Guid.NewGuid().ToString("D"), "USD", 3600, 8, int.MaxValue, 1,
            [.. Enumerable.Range(1, ProfileHall.Sections).Select(section => new SectionLayout($"S{section}", $"Section {section}", 50m,
                [.. Enumerable.Range(1, rowsPerSection).Select(row => new RowLayout(row.ToString(CultureInfo.InvariantCulture), ProfileHall.SeatsPerRow))]))]);
        await engine.LoadEventAsync(layout);
        var eventId = layout.EventId;
        var results = new List<(string Operation, long Calls, double Microseconds)>();

        async Task<T[]> Measure<T>(string operation, int count, Func<int, Task<T>> call)
        {
            await server.ConfigResetStatisticsAsync();
            var answers = new T[count];
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < count)
                {
                    answers[index] = await call(index);
                }
            })));
            var stats = (await server.InfoAsync("commandstats")).SelectMany(group => group)
                .FirstOrDefault(pair => pair.Key == "cmdstat_fcall").Value ?? "";
            var fields = stats.Split(',').Select(part => part.Split('=')).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1]);
            results.Add((operation, long.Parse(fields.GetValueOrDefault("calls", "0"), CultureInfo.InvariantCulture),
                double.Parse(fields.GetValueOrDefault("usec", "0"), CultureInfo.InvariantCulture)));
            return answers;
        }

        var named = (await Measure("hold", holds, index => engine.HoldSeatsAsync(
            new HoldSeatsRequest(eventId, $"u{index}", $"n{index}", ProfileHall.NamedHoldSeats(index, rowsPerSection), null))))
            .OfType<HoldOutcome.Held>().Select(held => held.Hold).ToArray();
        var best = (await Measure("hold best", holds, index =>
            engine.HoldBestAvailableAsync(new HoldBestAvailableRequest(eventId, $"b{index}", $"b{index}", 4, null, true, null))))
            .OfType<HoldOutcome.Held>().Select(held => held.Hold).ToArray();
        var ready = (await Measure("begin payment", named.Length, index =>
            engine.BeginPaymentAsync(named[index].HoldId, named[index].UserId, $"k{index}", 600)))
            .OfType<BeginPaymentOutcome.Ready>().Select(outcome => outcome.Hold).ToArray();
        await Measure("commit", ready.Length, index => engine.CommitAsync(new CommitRequest(eventId, ready[index].HoldId, ready[index].UserId,
            ready[index].Fence, $"k{index}", EntityIds.NewOrderId(eventId), "txn",
            [.. ready[index].Seats.Select(seat => new OrderTicket(EntityIds.NewTicketId(eventId), seat.Id, "code", seat.Price))])));
        await Measure("release", best.Length, index => engine.ReleaseAsync(best[index].HoldId, best[index].UserId));
        await Measure("get hold (status read)", named.Length, index => engine.GetHoldAsync(named[index].HoldId, named[index].UserId));
        await Measure("seat map (seat_statuses)", 200, _ => engine.SeatStatusesAsync(eventId));

        // The sweep: short holds, then runs of up to 500 once their time has passed (by Redis's clock).
        await Task.WhenAll(Enumerable.Range(0, holds).Select(index =>
            engine.HoldBestAvailableAsync(new HoldBestAvailableRequest(eventId, $"e{index}", $"e{index}", 4, null, true, 5))));
        await Task.Delay(TimeSpan.FromSeconds(6));
        await Measure("expire (sweep of up to 500 holds)", (holds + 499) / 500, _ => engine.ExpireDueAsync(eventId, 500));

        var database = redis.GetDatabase();
        foreach (var key in EventKeys.ScriptKeys(eventId))
        {
            await database.KeyDeleteAsync(key);
        }

        await database.SetRemoveAsync(EventKeys.OnSaleEvents, eventId);
        return results;
    }

    public static string Markdown(IReadOnlyList<Row> rows)
    {
        var sizes = rows.Select(row => row.Seats).Distinct().ToArray();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Redis µs per script call by operation (`INFO commandstats`, reset before each; {Callers} callers through the façade; {Events} fresh events of each size in turn, calls added up):");
        text.AppendLine();
        text.AppendLine("| operation | " + string.Join(" | ", sizes.Select(size => $"{size:N0} seats (calls)")) + " |");
        text.AppendLine("|---|" + string.Concat(sizes.Select(_ => "---:|")));
        foreach (var operation in rows.Select(row => row.Operation).Distinct())
        {
            text.AppendLine("| " + operation + " | " + string.Join(" | ", sizes.Select(size => rows.FirstOrDefault(row => row.Seats == size && row.Operation == operation) is { } row
                ? string.Create(CultureInfo.InvariantCulture, $"{row.MicrosecondsPerCall:N1} µs ({row.Calls:N0})") : "–")) + " |");
        }

        return text.ToString();
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Ticketing.Load.Bench;

/// <summary>
/// One pgbench run, read from its standard output, with the bookings it left in the table
/// (counted afterwards; null when not counted).
/// </summary>
public sealed partial record PgbenchRun(long Transactions, long Failed, double LatencyAverageMs, double TransactionsPerSecond, int Clients, long? Bookings = null)
{
    /// <summary>
    /// Holds made per second. A transaction that found a seat taken commits without booking, so
    /// pgbench's tps is scaled by the share of transactions that left a booking.
    /// </summary>
    public double HoldsPerSecond =>
        Bookings is { } bookings && Transactions > 0 ? TransactionsPerSecond * Math.Min(1, bookings / (double)Transactions) : TransactionsPerSecond;

    public static PgbenchRun? Parse(string output)
    {
        var tps = TpsPattern().Match(output);
        if (!tps.Success)
        {
            return null;
        }

        return new PgbenchRun(
            Long(ProcessedPattern().Match(output)), Long(FailedPattern().Match(output)),
            Double(LatencyPattern().Match(output)), Double(tps), (int)Long(ClientsPattern().Match(output)));
    }

    private static long Long(Match match) => match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    private static double Double(Match match) => match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsPattern();

    [GeneratedRegex(@"number of transactions actually processed: (\d+)")]
    private static partial Regex ProcessedPattern();

    [GeneratedRegex(@"number of failed transactions: (\d+)")]
    private static partial Regex FailedPattern();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex LatencyPattern();

    [GeneratedRegex(@"number of clients: (\d+)")]
    private static partial Regex ClientsPattern();
}

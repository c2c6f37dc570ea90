using System.Globalization;
using System.Text;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Lifecycle;

namespace Ticketing.EngineBench;

/// <summary>
/// The calls of load/script-ab.sh as raw Redis protocol, for <c>redis-cli --pipe</c>: one file per
/// operation on one 20,000-seat event (<see cref="ProfileHall"/>), each calling a given
/// build of the engine's library by its suffix. The caller chooses every id (holds, users, keys),
/// so the files can name the holds they pay for and release without reading any answer, and Redis
/// is timed with nothing else in the way: no client logic, one connection. A sale's buyer holds
/// once; <c>holdsPerUser</c> above 1 gives each user that many holds in a row (hold i is user
/// i / holdsPerUser's), so each hold meets its user's earlier ones still live, as an agent's or a
/// group buyer's would.
/// </summary>
internal static class PipeCommands
{
    public const int Calls = 2_000;

    private const int Seats = 20_000;

    public static readonly string[] Operations = ["hold", "best", "begin", "commit", "release"];

    /// <summary>Writes load.resp and one file per operation into <paramref name="directory"/>.</summary>
    public static void Write(string librarySuffix, string eventId, string directory, int holdsPerUser = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(holdsPerUser, 1);
        Directory.CreateDirectory(directory);
        var keys = EventKeys.ScriptKeys(eventId).Select(key => key.ToString()).ToArray();
        string Call(string script, params object[] args) => Resp(
            ["FCALL", $"{script}_{librarySuffix}", keys.Length.ToString(CultureInfo.InvariantCulture), .. keys, "0", EventKeys.Changes(eventId),
             .. args.Select(arg => Convert.ToString(arg, CultureInfo.InvariantCulture)!)]);

        var rowsPerSection = ProfileHall.RowsPerSection(Seats);
        var rows = Enumerable.Range(1, ProfileHall.Sections).SelectMany(section => Enumerable.Range(1, rowsPerSection)
            .SelectMany(row => new object[] { $"S{section}", row, ProfileHall.SeatsPerRow, 5000 })).ToArray();
        File.WriteAllText(Path.Combine(directory, "load.resp"),
            Call("load_event", ["USD", 3600, 8, 100_000, 1, "{}", SaleStatuses.OnSale, "", .. rows]));

        void Each(string operation, Func<int, string> call) =>
            File.WriteAllText(Path.Combine(directory, operation + ".resp"), string.Concat(Enumerable.Range(0, Calls).Select(call)));

        string Named(int i) => $"u{i / holdsPerUser}";
        string Best(int i) => $"v{i / holdsPerUser}";

        // Named holds take seats 1-4, 5-8, ... of the rows in layout order, so every one succeeds.
        Each("hold", i => Call("hold_seats", [$"h{i}", Named(i), $"n{i}", "", "", .. ProfileHall.NamedHoldSeats(i, rowsPerSection)]));
        Each("best", i => Call("hold_best", $"b{i}", Best(i), $"m{i}", "", "", BenchOptions.SeatsPerHold, "", "1"));
        Each("begin", i => Call("begin_payment", $"h{i}", Named(i), $"k{i}", 600));
        Each("commit", i => Call("commit_hold", [$"h{i}", Named(i), 2, $"k{i}", $"o{i}", $"{{\"id\":\"o{i}\"}}", BenchOptions.SeatsPerHold * 5000, "", i, eventId, .. ProfileHall.NamedHoldSeats(i, rowsPerSection)]));
        Each("release", i => Call("release_hold", $"b{i}", Best(i)));
    }

    private static string Resp(IReadOnlyList<string> args)
    {
        var text = new StringBuilder().Append('*').Append(args.Count).Append("\r\n");
        foreach (var arg in args)
        {
            text.Append('$').Append(Encoding.UTF8.GetByteCount(arg)).Append("\r\n").Append(arg).Append("\r\n");
        }

        return text.ToString();
    }
}

namespace Ticketing.Load.Measurement;

/// <summary>
/// Which answers are part of a healthy sale. A 409 on a hold is a buyer losing a race, and a 402
/// is the declined test card: both are expected; a join answers 201. Anything else (5xx, 429, timeouts) is an error,
/// the same split the k6 scripts make with <c>http.expectedStatuses</c>.
/// </summary>
public static class ExpectedOutcomes
{
    private static readonly Dictionary<string, string[]> ExpectedByOperation = new(StringComparer.Ordinal)
    {
        ["hold"] = ["201", "409"],
        ["hold_best"] = ["201", "409"],
        ["commit"] = ["200"],
        ["commit_declined"] = ["402"],
        ["release"] = ["204"],
        ["join"] = ["201"],
    };

    public static bool IsExpected(string operation, string outcome)
    {
        var expected = ExpectedByOperation.TryGetValue(operation, out var statuses) ? statuses : ["200"];
        return expected.Any(status => outcome == status || outcome.StartsWith(status + " ", StringComparison.Ordinal));
    }

    public static long Unexpected(string operation, OperationRecord record) =>
        record.Outcomes.Where(pair => !IsExpected(operation, pair.Key)).Sum(pair => pair.Value);
}

using System.Globalization;
using System.Text;

namespace Ticketing.Load.Invariants;

/// <summary>One promise checked after a run: what was looked at, and every breach found.</summary>
public sealed record InvariantResult(string Name, string Checked, IReadOnlyList<string> Violations)
{
    public bool Passed => Violations.Count == 0;
}

public sealed record InvariantReport(string EventId, DateTimeOffset CheckedAt, IReadOnlyList<InvariantResult> Results)
{
    public bool Passed => Results.All(result => result.Passed);

    public int ViolationCount => Results.Sum(result => result.Violations.Count);

    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"  invariants of event {EventId}: {(Passed ? "all hold" : $"{ViolationCount} violation(s)")}");
        foreach (var result in Results)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    {(result.Passed ? "✓" : "✗")} {result.Name}: {result.Checked}");
            foreach (var violation in result.Violations.Take(10))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"        {violation}");
            }

            if (result.Violations.Count > 10)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"        ... and {result.Violations.Count - 10} more");
            }
        }

        return text.ToString();
    }
}

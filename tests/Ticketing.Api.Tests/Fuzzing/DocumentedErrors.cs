using System.Text.RegularExpressions;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Fuzzing;

/// <summary>The (status, <c>error</c>) pairs of the "Errors" table in docs/API.md, the list clients branch on.</summary>
public static partial class DocumentedErrors
{
    public static IReadOnlySet<(int Status, string Code)> Read()
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, "docs", "API.md"));
        var start = Array.FindIndex(lines, line => line.Trim() == "## Errors");
        Assert.True(start >= 0, "docs/API.md has no \"## Errors\" section");
        var pairs = new HashSet<(int, string)>();
        foreach (var line in lines.Skip(start + 1).TakeWhile(line => !line.StartsWith("## ", StringComparison.Ordinal)))
        {
            var row = Row().Match(line);
            if (row.Success)
            {
                var status = int.Parse(row.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture);
                foreach (Match code in Code().Matches(row.Groups["codes"].Value))
                {
                    pairs.Add((status, code.Groups[1].Value));
                }
            }
        }

        Assert.NotEmpty(pairs);
        return pairs;
    }

    [GeneratedRegex(@"^\|\s*(?<status>\d{3})\s*\|(?<codes>[^|]*)\|")]
    private static partial Regex Row();

    [GeneratedRegex("`([a-z0-9_]+)`")]
    private static partial Regex Code();
}

using System.Globalization;

namespace Ticketing.Load.Cli;

/// <summary>
/// The driver's knobs: <c>--event-seats 20000</c> on the command line, else the environment
/// variable of the same name (<c>EVENT_SEATS</c>, as the k6 scripts read it), else the default.
/// </summary>
public sealed class Settings
{
    private readonly Dictionary<string, string> _arguments;
    private readonly Func<string, string?> _environment;

    public Settings(IReadOnlyList<string> arguments, Func<string, string?> environment)
    {
        _environment = environment;
        _arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var index = 0; index < arguments.Count; index++)
        {
            var argument = arguments[index];
            if (!argument.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unexpected argument '{argument}' (knobs are --name value)");
            }

            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                _arguments[argument[2..equals]] = argument[(equals + 1)..];
            }
            else if (index + 1 < arguments.Count && !arguments[index + 1].StartsWith("--", StringComparison.Ordinal))
            {
                _arguments[argument[2..]] = arguments[++index];
            }
            else
            {
                _arguments[argument[2..]] = "true";
            }
        }
    }

    public string? Find(string name) =>
        _arguments.TryGetValue(name, out var value) ? value : NonEmpty(_environment(EnvironmentName(name)));

    public string Text(string name, string fallback) => Find(name) ?? fallback;

    public int Integer(string name, int fallback) => Parse(name, fallback, static text => int.Parse(text, CultureInfo.InvariantCulture));

    public double Number(string name, double fallback) => Parse(name, fallback, static text => double.Parse(text, CultureInfo.InvariantCulture));

    public bool Flag(string name) => Find(name) is { } value && value is "true" or "1" or "yes";

    /// <summary>Durations as k6 writes them: <c>90s</c>, <c>2m</c>, <c>1m30s</c>, <c>500ms</c>, or plain seconds.</summary>
    public TimeSpan Duration(string name, TimeSpan fallback) => Parse(name, fallback, ParseDuration);

    public static string EnvironmentName(string name) => name.Replace('-', '_').ToUpperInvariant();

    internal static TimeSpan ParseDuration(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plainSeconds))
        {
            return TimeSpan.FromSeconds(plainSeconds);
        }

        var total = TimeSpan.Zero;
        var position = 0;
        while (position < text.Length)
        {
            var start = position;
            while (position < text.Length && (char.IsDigit(text[position]) || text[position] == '.'))
            {
                position++;
            }

            var unitStart = position;
            while (position < text.Length && char.IsLetter(text[position]))
            {
                position++;
            }

            if (start == unitStart || unitStart == position)
            {
                throw new FormatException($"'{text}' is not a duration like 90s, 2m or 1m30s");
            }

            var amount = double.Parse(text[start..unitStart], CultureInfo.InvariantCulture);
            total += text[unitStart..position] switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                var unit => throw new FormatException($"unknown duration unit '{unit}' in '{text}'"),
            };
        }

        return total;
    }

    private T Parse<T>(string name, T fallback, Func<string, T> parse)
    {
        var text = Find(name);
        if (text is null)
        {
            return fallback;
        }

        try
        {
            return parse(text);
        }
        catch (FormatException)
        {
            throw new UsageException($"--{name} / {EnvironmentName(name)}: '{text}' is not valid");
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>A wrong command line: printed without a stack trace.</summary>
public sealed class UsageException(string message) : Exception(message);

using System.Text.Json;

namespace Ticketing.Api.Tests.Support;

/// <summary>
/// The Api's log in a file of its own, one compact JSON object per line, through the same Serilog
/// configuration section that sends production logs to stdout: what an operator reads, as a test
/// reads it. The file is deleted on dispose.
/// </summary>
public sealed class ApiLogFile : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ticketing-log-{Guid.NewGuid():N}.json");

    /// <summary>The settings that add the file as a second sink; a test may add its own before starting the Api.</summary>
    public Dictionary<string, string> Settings() => new()
    {
        ["Serilog:Using:2"] = "Serilog.Sinks.File",
        ["Serilog:WriteTo:1:Name"] = "File",
        ["Serilog:WriteTo:1:Args:path"] = Path,
        ["Serilog:WriteTo:1:Args:formatter"] = "Serilog.Formatting.Compact.CompactJsonFormatter, Serilog.Formatting.Compact",
    };

    /// <summary>Everything written so far (the Api may still be writing).</summary>
    public async Task<string> ReadAsync()
    {
        await using var file = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(file);
        return await reader.ReadToEndAsync();
    }

    /// <summary>Every line written so far, parsed.</summary>
    public async Task<IReadOnlyList<JsonElement>> LinesAsync() =>
        [.. (await ReadAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    public void Dispose() => File.Delete(Path);
}

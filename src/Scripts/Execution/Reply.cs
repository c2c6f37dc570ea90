using StackExchange.Redis;

namespace Ticketing.Scripts.Execution;

/// <summary>
/// Reads the array replies of the engine scripts: a status word first, then its fields. Anything
/// else is a defect and becomes <see cref="InventoryEngineException"/>, never a raw reply.
/// </summary>
internal sealed class Reply
{
    private readonly RedisResult[] _items;
    private readonly string _script;

    private Reply(string script, RedisResult[] items)
    {
        _script = script;
        _items = items;
    }

    public static Reply Of(EngineScript script, RedisResult result)
    {
        RedisResult[]? items = null;
        try
        {
            items = result.IsNull ? null : (RedisResult[]?)result;
        }
        catch (InvalidCastException)
        {
        }

        return items is { Length: > 0 }
            ? new Reply(script.Name, items)
            : throw new InventoryEngineException($"inventory script '{script.Name}' gave an unexpected reply");
    }

    public int Count => _items.Length;

    /// <summary>The status word, e.g. <c>held</c>.</summary>
    public string Status => String(0);

    public string String(int index) => (string?)Item(index) ?? throw Unexpected();

    public string? NullableString(int index) => Item(index).IsNull ? null : (string?)Item(index);

    public long Long(int index) => (long)Item(index);

    public RedisResult Item(int index) => index < _items.Length ? _items[index] : throw Unexpected();

    /// <summary>The fields from <paramref name="start"/> on, as strings.</summary>
    public IReadOnlyList<string> Strings(int start) =>
        [.. _items.Skip(start).Select(item => (string?)item ?? throw Unexpected())];

    public InventoryEngineException Unexpected() =>
        new($"inventory script '{_script}' gave an unexpected reply ({(_items.Length > 0 ? (string?)_items[0] : "empty")})");
}

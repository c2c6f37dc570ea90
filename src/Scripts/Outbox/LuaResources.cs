namespace Ticketing.Scripts.Outbox;

/// <summary>Reads the outbox scripts embedded as <c>Ticketing.Scripts.Lua.&lt;name&gt;.lua</c>.</summary>
internal static class LuaResources
{
    public static string Load(string name)
    {
        var resource = $"Ticketing.Scripts.Lua.{name}.lua";
        using var stream = typeof(LuaResources).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded script {resource} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Ticketing.Scripts.Keys;

namespace Ticketing.Scripts.Execution;

/// <summary>
/// One engine script as Redis runs it: the constants shared with C# (<see cref="ScriptConstants"/>),
/// the shared prelude (Lua/common.lua), then the script's own file; and the SHA1 Redis knows it by.
/// </summary>
internal sealed class EngineScript
{
    private const string ResourcePrefix = "Ticketing.Scripts.Lua.";

    private EngineScript(string name, string text)
    {
        Name = name;
        Text = text;
        Sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The file name without extension, e.g. <c>hold_seats</c>.</summary>
    public string Name { get; }

    /// <summary>The full text sent on EVAL (and SCRIPT LOAD).</summary>
    public string Text { get; }

    /// <summary>The SHA1 of <see cref="Text"/>, sent on EVALSHA.</summary>
    public byte[] Sha1 { get; }

    /// <summary>The SHA1 as Redis prints it.</summary>
    public string Sha1Hex => Convert.ToHexStringLower(Sha1);

    /// <summary>Loads a script behind its prelude: <c>common</c> for the inventory, <c>room_common</c> for the waiting room.</summary>
    public static EngineScript Load(string name, string prelude = "common") =>
        new(name, ScriptConstants.LuaPrelude + "\n" + Read(prelude) + "\n" + Read(name));

    private static string Read(string name)
    {
        var resource = ResourcePrefix + name + ".lua";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded script {resource} is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}

using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Ticketing.Scripts.Keys;

namespace Ticketing.Scripts.Execution;

/// <summary>
/// One script as Redis runs it. Either a function of a <see cref="ScriptLibrary"/> (the engine's
/// scripts, called with FCALL), or a plain script (the waiting room's): the constants shared with
/// C# (<see cref="ScriptConstants"/>), its prelude, then its own file, sent by SHA1 on EVALSHA.
/// </summary>
internal sealed class EngineScript
{
    private const string ResourcePrefix = "Ticketing.Scripts.Lua.";

    private EngineScript(string name, string text, ScriptLibrary? library, string functionName)
    {
        Name = name;
        Text = text;
        Sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(text));
        Library = library;
        FunctionName = functionName;
    }

    /// <summary>The file name without extension, e.g. <c>hold_seats</c>.</summary>
    public string Name { get; }

    /// <summary>The full text sent on EVAL (and SCRIPT LOAD); empty for a library's function.</summary>
    public string Text { get; }

    /// <summary>The SHA1 of <see cref="Text"/>, sent on EVALSHA.</summary>
    public byte[] Sha1 { get; }

    /// <summary>The SHA1 as Redis prints it.</summary>
    public string Sha1Hex => Convert.ToHexStringLower(Sha1);

    /// <summary>The library holding this script as a function, or null for a plain script.</summary>
    public ScriptLibrary? Library { get; }

    /// <summary>The name sent on FCALL, e.g. <c>hold_seats_3fa1c2d9</c>; empty for a plain script.</summary>
    public string FunctionName { get; }

    /// <summary>Loads a plain script behind its prelude (<c>room_common</c> for the waiting room).</summary>
    public static EngineScript Load(string name, string prelude) =>
        new(name, ScriptConstants.LuaPrelude + "\n" + Read(prelude) + "\n" + Read(name), null, "");

    /// <summary>The script <paramref name="name"/> as the function <paramref name="functionName"/> of <paramref name="library"/>.</summary>
    public static EngineScript InLibrary(string name, string functionName, ScriptLibrary library) =>
        new(name, "", library, functionName);

    /// <summary>The text of an embedded Lua file, by its name without extension.</summary>
    public static string Read(string name)
    {
        var resource = ResourcePrefix + name + ".lua";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded script {resource} is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}

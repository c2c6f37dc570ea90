using System.Security.Cryptography;
using System.Text;
using Ticketing.Scripts.Keys;

namespace Ticketing.Scripts.Execution;

/// <summary>
/// A Redis function library built from a prelude and its scripts: the constants shared with C#
/// (<see cref="ScriptConstants"/>) and the prelude (e.g. Lua/common.lua) run once, when Redis
/// loads the library, and every script becomes one registered function that binds its call
/// (<c>begin_call</c> in the prelude) and then runs the script's own file as it stands.
/// </summary>
/// <remarks>
/// Function names are global in a Redis server, and two builds may share one during a rolling
/// deploy. So the library and its functions carry the first 8 hex digits of the SHA-1 of
/// everything they run (<c>ticketing_3fa1c2d9</c>, <c>hold_seats_3fa1c2d9</c>): a build only ever
/// calls and loads its own code, and never replaces another build's.
/// </remarks>
internal sealed class ScriptLibrary
{
    private readonly Dictionary<string, EngineScript> _scripts;

    private ScriptLibrary(string prefix, string prelude, IReadOnlyList<(string Name, bool ReadOnly)> scripts)
    {
        var preludeText = ScriptConstants.LuaPrelude + "\n" + EngineScript.Read(prelude);
        var bodies = scripts.Select(script => (script.Name, script.ReadOnly, Body: EngineScript.Read(script.Name))).ToList();

        // The hash covers all that runs, so any change to a script, the prelude or a constant names a new library.
        var hashed = new StringBuilder(preludeText);
        foreach (var (name, readOnly, body) in bodies)
        {
            hashed.Append('\n').Append(name).Append(readOnly ? " ro\n" : " rw\n").Append(body);
        }

        Suffix = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(hashed.ToString())))[..8];
        Name = $"{prefix}_{Suffix}";

        // Each script's file becomes the body of a local function (its top-level returns are that
        // function's, and Lua errors name it), registered as a callback that binds the call first
        // and ends it (end_call publishes the seat changes the script left unpublished).
        var text = new StringBuilder($"#!lua name={Name}\n").Append(preludeText).Append('\n');
        foreach (var (name, _, body) in bodies)
        {
            text.Append($"local function run_{name}()\n").Append(body).Append("\nend\n");
        }

        foreach (var (name, readOnly, _) in bodies)
        {
            // A function flagged no-writes may still run when Redis is out of memory or on a replica.
            var flags = readOnly ? ", flags = { 'no-writes' }" : "";
            text.Append($"redis.register_function{{ function_name = '{FunctionName(name)}'{flags}, ")
                .Append($"callback = function(keys, args) begin_call(keys, args) return end_call(run_{name}()) end }}\n");
        }

        Text = text.ToString();
        _scripts = bodies.ToDictionary(script => script.Name, script => EngineScript.InLibrary(script.Name, FunctionName(script.Name), this), StringComparer.Ordinal);
    }

    /// <summary>The library's name, e.g. <c>ticketing_3fa1c2d9</c>.</summary>
    public string Name { get; }

    /// <summary>The content hash every name of this library ends with.</summary>
    public string Suffix { get; }

    /// <summary>The full text sent on FUNCTION LOAD.</summary>
    public string Text { get; }

    /// <summary>The script of that file name as a function of this library.</summary>
    public EngineScript this[string script] => _scripts[script];

    /// <summary>Builds the library <c>&lt;prefix&gt;_&lt;hash&gt;</c> of <paramref name="scripts"/> behind <paramref name="prelude"/>.</summary>
    public static ScriptLibrary Build(string prefix, string prelude, IReadOnlyList<(string Name, bool ReadOnly)> scripts) =>
        new(prefix, prelude, scripts);

    private string FunctionName(string script) => $"{script}_{Suffix}";
}

namespace Ticketing.Scripts;

/// <summary>
/// The engine could not run or understand a script (a script error, or a reply it does not
/// expect). Outcomes a caller can act on are never exceptions; this one means a defect or a
/// broken Redis, and its message names the script, not Lua internals.
/// </summary>
public sealed class InventoryEngineException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InventoryEngineException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public InventoryEngineException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the Redis error behind it.</summary>
    public InventoryEngineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

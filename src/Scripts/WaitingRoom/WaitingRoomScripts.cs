using Ticketing.Scripts.Execution;

namespace Ticketing.Scripts.WaitingRoom;

/// <summary>The waiting-room scripts, each behind Lua/room_common.lua, read from the assembly once.</summary>
internal static class WaitingRoomScripts
{
    private const string Prelude = "room_common";

    public static readonly EngineScript Configure = EngineScript.Load("room_configure", Prelude);
    public static readonly EngineScript Join = EngineScript.Load("room_join", Prelude);
    public static readonly EngineScript Position = EngineScript.Load("room_position", Prelude);
    public static readonly EngineScript Admit = EngineScript.Load("room_admit", Prelude);
    public static readonly EngineScript Leave = EngineScript.Load("room_leave", Prelude);
    public static readonly EngineScript Touch = EngineScript.Load("room_touch", Prelude);
    public static readonly EngineScript Expire = EngineScript.Load("room_expire", Prelude);
    public static readonly EngineScript EndAdmission = EngineScript.Load("room_end_admission", Prelude);
    public static readonly EngineScript Close = EngineScript.Load("room_close", Prelude);
    public static readonly EngineScript Stage = EngineScript.Load("room_stage", Prelude);
    public static readonly EngineScript Order = EngineScript.Load("room_order", Prelude);
    public static readonly EngineScript State = EngineScript.Load("room_state", Prelude);
}

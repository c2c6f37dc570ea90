using System.Security.Claims;

namespace Ticketing.Api.Auth;

/// <summary>The claims the Api reads from a token, unmapped: <c>sub</c> is the user id, <c>role</c> the role.</summary>
public static class ApiClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string AdminRole = "admin";
    public const string CustomerRole = "customer";

    /// <summary>Gate staff: they check tickets in, and nothing else an admin may do.</summary>
    public const string StaffRole = "staff";
    public const string AdminPolicy = "admin";

    /// <summary>Checking tickets in at the gate: staff or admins.</summary>
    public const string GatePolicy = "gate";

    /// <summary>The caller's user id; routes that call this require an authenticated caller.</summary>
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(Subject) ?? throw new InvalidOperationException("the route requires an authenticated user");

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(AdminRole);

    /// <summary>Whose records the caller may read: null (everyone's) for admins, else their own id.</summary>
    public static string? OwnerFilter(this ClaimsPrincipal user) => user.IsAdmin() ? null : user.UserId();
}

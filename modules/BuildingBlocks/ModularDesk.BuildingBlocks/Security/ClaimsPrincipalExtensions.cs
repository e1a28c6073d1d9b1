using System.Security.Claims;

namespace ModularDesk.BuildingBlocks.Security;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in agent's id; only call on an authenticated principal.</summary>
    public static Guid AgentId(this ClaimsPrincipal principal) =>
        Guid.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)
                   ?? throw new InvalidOperationException("The principal carries no agent id."));
}

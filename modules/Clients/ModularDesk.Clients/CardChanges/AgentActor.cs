using System.Security.Claims;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.BuildingBlocks.Security;

namespace ModularDesk.Clients.CardChanges;

/// <summary>The signed-in agent as the <see cref="ChangeActor"/> of a card change.</summary>
internal static class AgentActor
{
    public static ChangeActor Of(ClaimsPrincipal user) =>
        new("agent", user.AgentId(), user.FindFirstValue(ClaimTypes.Name) ?? user.FindFirstValue(ClaimTypes.Email) ?? "agent");
}

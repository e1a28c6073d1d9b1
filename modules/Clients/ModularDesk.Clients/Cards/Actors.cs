using System.Security.Claims;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.BuildingBlocks.Security;

namespace ModularDesk.Clients.Cards;

internal static class Actors
{
    /// <summary>The signed-in agent as a change actor and provenance source <c>agent</c>.</summary>
    public static EditContext AgentEdit(ClaimsPrincipal user, DateTimeOffset at) =>
        new(Sources.Agent, new ChangeActor("agent", user.AgentId(), user.Identity?.Name ?? "agent"), at);
}

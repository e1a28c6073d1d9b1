using System.Security.Claims;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.BuildingBlocks.Security;

namespace ModularDesk.Organizations.Cards;

internal static class Actors
{
    /// <summary>The signed-in agent as the author of a change.</summary>
    public static ChangeActor Agent(ClaimsPrincipal user) =>
        new("agent", user.AgentId(), user.FindFirstValue(ClaimTypes.Name) ?? "");

    /// <summary>O2's automatic creation while a client card was created.</summary>
    public static ChangeActor AutoCreate { get; } = new("system", null, "Auto-created from an email domain");
}

namespace ModularDesk.Tickets.Tests.Support;

/// <summary>Tests that need the Clients module's API (cards, blocklist) wait for it to land on main.</summary>
internal static class ClientsPending
{
    public const string Reason = "Needs the Clients module (card API, blocklist, real resolver), not on main yet.";
}

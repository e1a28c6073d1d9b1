namespace ModularDesk.Fixtures.Clients;

/// <summary>Allowed: internal, so its public nested type is not visible outside the module either.</summary>
internal sealed class CardMerge
{
    public sealed class Outcome
    {
        public int MergedContacts { get; init; }
    }
}

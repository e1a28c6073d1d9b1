namespace ModularDesk.Clients.Duplicates;

/// <summary>A probable duplicate pair (C15), <see cref="ClientA"/> &lt; <see cref="ClientB"/>, with why and how sure.</summary>
internal sealed class DuplicateSuggestion
{
    public Guid ClientA { get; set; }

    public Guid ClientB { get; set; }

    /// <summary><c>samePhone</c>, <c>sameNameInOrganization</c>, <c>sameEmailLocalPart</c>, <c>similarName</c>.</summary>
    public List<string> Reasons { get; set; } = [];

    public double Score { get; set; }

    public DateTimeOffset FoundAt { get; set; }
}

/// <summary>A pair an agent said is not a duplicate; the finder never suggests it again.</summary>
internal sealed class DismissedDuplicate
{
    public Guid ClientA { get; set; }

    public Guid ClientB { get; set; }

    public DateTimeOffset DismissedAt { get; set; }

    public Guid? DismissedBy { get; set; }
}

using ModularDesk.Clients.Identities;

namespace ModularDesk.Clients.Cards;

/// <summary>One contact of a card (C1, C4): an email, phone, messenger id, social profile, site or external id.</summary>
internal sealed class CardContact
{
    public Guid Id { get; set; }

    public Guid ClientId { get; set; }

    /// <summary>The order contacts are shown in: one more than the card's last when added.</summary>
    public long Seq { get; set; }

    /// <summary>One of <see cref="ContactKinds"/>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Email as entered (trimmed), phone E.164, messenger/external id, normalized URL.</summary>
    public string Value { get; set; } = "";

    /// <summary>How it is shown: formatted phone, URL as entered.</summary>
    public string Display { get; set; } = "";

    /// <summary>Phone type, email label, messenger, social network or external-id source.</summary>
    public string? Label { get; set; }

    /// <summary>Where it came from (C22): <c>channel</c>, <c>agent</c>, <c>import</c>, <c>api</c>, <c>merge</c>.</summary>
    public string Source { get; set; } = "";

    /// <summary>The channel instance a channel-sourced contact came in on.</summary>
    public Guid? SourceChannelId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The identity this contact claims; null for sites.</summary>
    public Identity? Identity { get; set; }
}

namespace ModularDesk.Clients.SenderLists;

/// <summary>
/// An entry of the admin's blocklist or allowlist (C11, C12): an address (email lower-cased, phone E.164, messenger
/// id) or a whole email domain written <c>@domain</c>.
/// </summary>
internal sealed class SenderRule
{
    public const string Block = "block";
    public const string Allow = "allow";

    public Guid Id { get; set; }

    /// <summary><see cref="Block"/> or <see cref="Allow"/>.</summary>
    public string List { get; set; } = "";

    public string Value { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public Guid? CreatedBy { get; set; }
}

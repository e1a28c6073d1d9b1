namespace ModularDesk.Agents.Staff;

/// <summary>A person who works tickets. Email is stored trimmed and lower-cased, so it is unique as people mean it.</summary>
internal sealed class Agent
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public string Email { get; set; } = "";

    public string PasswordHash { get; set; } = "";

    public string Role { get; set; } = "";

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }
}

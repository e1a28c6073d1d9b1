namespace ModularDesk.Organizations.Routing;

/// <summary>
/// A routing rule (O6, O7): desk-wide, or of one organization (<see cref="OrganizationId"/>; deleted with it).
/// Conditions and actions are JSON arrays in the API's shape, validated by <see cref="RuleDefinition"/>.
/// </summary>
internal sealed class RoutingRule
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public int Order { get; set; }

    public bool Enabled { get; set; } = true;

    public bool StopProcessing { get; set; }

    public Guid? OrganizationId { get; set; }

    public string Conditions { get; set; } = "[]";

    public string Actions { get; set; } = "[]";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>PostgreSQL's <c>xmin</c>: the ETag.</summary>
    public uint Version { get; set; }
}

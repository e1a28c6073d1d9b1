namespace ModularDesk.Clients.Contracts.CustomFields;

/// <summary>The kinds of card a custom field can be defined for.</summary>
public static class CustomFieldEntities
{
    public const string Client = "client";
    public const string Organization = "organization";
}

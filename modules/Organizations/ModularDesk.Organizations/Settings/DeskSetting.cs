namespace ModularDesk.Organizations.Settings;

/// <summary>One settings document of the module (<c>organizations</c>, <c>routing</c>), stored as JSON.</summary>
internal sealed class DeskSetting
{
    public string Key { get; set; } = "";

    public string Value { get; set; } = "{}";

    public DateTimeOffset UpdatedAt { get; set; }
}

namespace ModularDesk.BuildingBlocks.Security;

/// <summary>Authorization policy names every module uses; the Agents module defines them.</summary>
public static class Policies
{
    /// <summary>Any signed-in agent (the default for <c>/api/v1</c>).</summary>
    public const string Agent = "agent";

    /// <summary>Plugins, channels, settings, routing rules, custom fields, retention, erasure, agents.</summary>
    public const string Admin = "admin";
}

namespace ModularDesk.BuildingBlocks.Security;

public static class Roles
{
    public const string Agent = "agent";
    public const string Admin = "admin";

    public static bool IsKnown(string? role) => role is Agent or Admin;
}

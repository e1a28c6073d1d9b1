using System.Text.RegularExpressions;

namespace ModularDesk.ArchitectureTests;

/// <summary>
/// Regular expressions over assembly names. ArchUnitNET matches against the full assembly name
/// ("ModularDesk.Clients, Version=…"), so a name must end at a comma or at the end.
/// </summary>
internal static class AssemblyPattern
{
    public static string AnyOf(IEnumerable<string> assemblyNames) =>
        "^(?:" + string.Join("|", assemblyNames.Select(Regex.Escape)) + ")(?:,|$)";

    /// <summary>Every assembly whose name starts with one of the prefixes, except the listed ones.</summary>
    public static string StartingWithExcept(IEnumerable<string> prefixes, IEnumerable<string> allowed) =>
        "^(?!(?:" + string.Join("|", allowed.Select(Regex.Escape)) + ")(?:,|$))(?:" +
        string.Join("|", prefixes.Select(Regex.Escape)) + ")";
}

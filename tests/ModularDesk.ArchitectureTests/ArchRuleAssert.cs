using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;

namespace ModularDesk.ArchitectureTests;

internal static class ArchRuleAssert
{
    /// <summary>The rule fails on the architecture, and a failure names the offending type.</summary>
    public static void IsViolatedBy(IArchRule rule, Architecture architecture, string offendingType)
    {
        Assert.False(rule.HasNoViolations(architecture), $"Expected a violation of: {rule.Description}");
        var failures = rule.Evaluate(architecture).Where(result => !result.Passed).Select(result => result.Description).ToList();
        Assert.Contains(failures, failure => failure.Contains(offendingType, StringComparison.Ordinal));
    }
}

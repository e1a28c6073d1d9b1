using ArchUnitNET.Domain;
using ArchUnitNET.Fluent.Conditions;

namespace ModularDesk.ArchitectureTests;

/// <summary>
/// Groups types into module slices by the namespace segment after the root
/// (<c>ModularDesk.Tickets.Routing</c> → Tickets) and fails every dependency that closes a cycle
/// between slices. Written by hand because ArchUnitNET 0.13's slice patterns cannot capture a
/// single namespace segment, and its slice rules cannot be given a reason.
/// </summary>
internal sealed class ModuleCycleCondition(string rootNamespace) : ICondition<IType>
{
    public string Description => $"not close a dependency cycle between the module slices of {rootNamespace}";

    public IEnumerable<ConditionResult> Check(IEnumerable<IType> objects, Architecture architecture)
    {
        var types = objects.ToList();
        var sliceOf = types.Where(type => SliceOf(type) is not null).ToDictionary(type => type, type => SliceOf(type)!);
        var edges = new Dictionary<string, HashSet<string>>();
        foreach (var (type, slice) in sliceOf)
        {
            foreach (var target in Targets(type, sliceOf))
            {
                if (sliceOf[target] != slice)
                {
                    (edges.TryGetValue(slice, out var set) ? set : edges[slice] = []).Add(sliceOf[target]);
                }
            }
        }

        foreach (var type in types)
        {
            if (!sliceOf.TryGetValue(type, out var slice))
            {
                yield return new ConditionResult(type, true);
                continue;
            }

            var closing = Targets(type, sliceOf)
                .FirstOrDefault(target => sliceOf[target] != slice && Reaches(edges, sliceOf[target], slice));
            yield return closing is null
                ? new ConditionResult(type, true)
                : new ConditionResult(type, false,
                    $"depends on {closing.FullName} in module {sliceOf[closing]}, which depends back on module {slice}");
        }
    }

    public bool CheckEmpty() => true;

    private static IEnumerable<IType> Targets(IType type, Dictionary<IType, string> sliceOf) =>
        type.Dependencies.Select(dependency => dependency.Target).Where(sliceOf.ContainsKey).Distinct();

    private string? SliceOf(IType type)
    {
        var prefix = rootNamespace + ".";
        var name = type.Namespace.FullName;
        if (!name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = name[prefix.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private static bool Reaches(Dictionary<string, HashSet<string>> edges, string from, string to)
    {
        var seen = new HashSet<string> { from };
        var pending = new Queue<string>([from]);
        while (pending.TryDequeue(out var current))
        {
            if (current == to)
            {
                return true;
            }

            foreach (var next in edges.GetValueOrDefault(current) ?? [])
            {
                if (seen.Add(next))
                {
                    pending.Enqueue(next);
                }
            }
        }

        return false;
    }
}

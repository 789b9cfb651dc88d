using System.Reflection;

namespace GitActors.Host.Tests.Architecture;

/// <summary>
/// Folders of one assembly may use each other in one direction only: a cycle (Sweeps -> Augmentation -> Training ->
/// Sweeps, as once in Actors) hides which folder is the lower one. Each assembly is sliced at its root namespace, and
/// the experiment domain again at its own. GitActors.Host is not checked: its folders (Commands, Sweeps, Dashboard,
/// Output, …) still use each other in a circle; see docs/architecture.md.
/// </summary>
public sealed class NamespaceCycleTests(ITestOutputHelper output)
{
    public static TheoryData<string> Prefixes => new() { Layers.Models, Layers.Experiments, Layers.Actors };

    [Theory]
    [MemberData(nameof(Prefixes))]
    public void Namespace_slices_have_no_cycles(string prefix)
    {
        var graph = SliceGraph.Of(AssemblyOf(prefix), prefix);
        Assert.True(graph.Slices.Count() > 1, $"{prefix} has fewer than two slices: the rule tests nothing");

        foreach (var from in graph.Slices)
            output.WriteLine($"{from} -> {string.Join(", ", graph.Slices.Where(to => graph.HasEdge(from, to)))}");
        var cycles = graph.Cycles();

        Assert.True(cycles.Count == 0,
            $"namespace cycles under {prefix}:\n" +
            string.Join("\n", cycles.Select(c => $"{string.Join(" <-> ", c)}\n{graph.Describe(c)}")));
    }

    private static Assembly AssemblyOf(string prefix) =>
        prefix.StartsWith(Layers.Models, StringComparison.Ordinal) ? Layers.ModelsAssembly
        : Layers.ActorsAssembly;
}

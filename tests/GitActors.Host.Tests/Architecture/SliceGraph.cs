using System.Reflection;
using NetArchTest.Rules;

namespace GitActors.Host.Tests.Architecture;

/// <summary>
/// The namespace slices under a prefix (GitActors.Actors.(Sweeps).…) and which slice uses which, as NetArchTest reads
/// the IL. NetArchTest's own slice rule forbids every edge between slices; layered folders need edges, so this finds
/// the cycles among them instead.
/// </summary>
internal sealed class SliceGraph
{
    private readonly Dictionary<string, SortedSet<string>> _edges;

    private SliceGraph(Dictionary<string, SortedSet<string>> edges, Dictionary<(string, string), string> evidence)
    {
        _edges = edges;
        Evidence = evidence;
    }

    /// <summary>One type per edge that makes it, with NetArchTest's explanation: what a failure message shows.</summary>
    public IReadOnlyDictionary<(string From, string To), string> Evidence { get; }

    public IEnumerable<string> Slices => _edges.Keys;

    public static SliceGraph Of(Assembly assembly, string prefix)
    {
        var slices = assembly.GetTypes()
            .Select(t => t.Namespace)
            .OfType<string>()
            .Where(ns => ns.StartsWith(prefix + ".", StringComparison.Ordinal))
            .Select(ns => ns[(prefix.Length + 1)..].Split('.')[0])
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var edges = slices.ToDictionary(s => s, _ => new SortedSet<string>(StringComparer.Ordinal));
        var evidence = new Dictionary<(string, string), string>();
        foreach (var from in slices)
            foreach (var to in slices.Where(s => s != from))
            {
                var result = Types.InAssembly(assembly)
                    .That().ResideInNamespaceMatching(Layers.InOrUnder($"{prefix}.{from}"))
                    .Should().NotHaveDependencyOnAny($"{prefix}.{to}")
                    .GetResult();
                if (result.IsSuccessful) continue;
                edges[from].Add(to);
                var type = result.FailingTypes.First();
                evidence[(from, to)] = $"{type.FullName} ({type.Explanation?.Trim()})";
            }
        return new SliceGraph(edges, evidence);
    }

    public bool HasEdge(string from, string to) => _edges.TryGetValue(from, out var targets) && targets.Contains(to);

    /// <summary>Every strongly connected group of two or more slices (Tarjan), each a cycle to report.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var cycles = new List<IReadOnlyList<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            foreach (var next in _edges[node])
            {
                if (!index.ContainsKey(next)) { Visit(next); low[node] = Math.Min(low[node], low[next]); }
                else if (stack.Contains(next)) low[node] = Math.Min(low[node], index[next]);
            }
            if (low[node] != index[node]) return;
            var group = new List<string>();
            string member;
            do { member = stack.Pop(); group.Add(member); } while (member != node);
            if (group.Count > 1) cycles.Add(group.Order(StringComparer.Ordinal).ToList());
        }

        foreach (var node in _edges.Keys.Where(n => !index.ContainsKey(n)).ToList()) Visit(node);
        return cycles;
    }

    /// <summary>A cycle's edges with the type behind each, e.g. "Sweeps -> Training: GitActors.Actors.Sweeps.X (…)".</summary>
    public string Describe(IReadOnlyList<string> cycle) =>
        string.Join("\n", cycle.SelectMany(from => cycle.Where(to => HasEdge(from, to)).Select(to => $"  {from} -> {to}: {Evidence[(from, to)]}")));
}

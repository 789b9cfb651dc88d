using GitActors.Models;

namespace GitActors.Models.Experiments.Reports;

/// <summary>What makes two runs the same table row: the paper's method, the network, and the augmentation cutoff K.</summary>
public sealed record MethodKey(string Method, ModelKind Model, int? Cutoff);

/// <summary>
/// Names rows after the paper ("erm", "ldam+drs+git"), adding the network or the cutoff only where the sweep varies them,
/// so a plain sweep reads like Tables 1-4 and an ablation still tells its rows apart (Table 2's "GIT (all classes)").
/// </summary>
public sealed class MethodRows
{
    private readonly bool _modelsVary;
    private readonly HashSet<string> _cutoffVaries;

    public MethodRows(IEnumerable<RunConfig> configs)
    {
        var keys = configs.Select(Key).Distinct().ToList();
        _modelsVary = keys.Select(k => k.Model).Distinct().Count() > 1;
        _cutoffVaries = keys.GroupBy(k => k.Method).Where(g => g.Select(k => k.Cutoff).Distinct().Count() > 1)
            .Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
    }

    public static MethodKey Key(RunConfig config) => new(
        ConfigNames.MethodName(config.Loss.Kind, config.Rule, config.Augment.Kind),
        config.Model,
        config.Augment.Kind == AugmentKind.None ? null : config.Augment.ClassSizeCutoff);

    public string Label(MethodKey key)
    {
        var label = key.Method;
        if (_cutoffVaries.Contains(key.Method)) label += key.Cutoff is { } k ? $" K={k}" : " (all classes)";
        if (_modelsVary) label += $" [{ConfigNames.Name(key.Model)}]";
        return label;
    }

    public string Label(RunConfig config) => Label(Key(config));
}

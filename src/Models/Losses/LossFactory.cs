namespace GitActors.Models.Losses;

/// <summary>Builds the loss a run's <see cref="LossSpec"/> names.</summary>
public static class LossFactory
{
    /// <param name="classCounts">Training images per label id (LDAM's margins).</param>
    public static IClassifierLoss Create(LossSpec spec, int[] classCounts) => spec.Kind switch
    {
        LossKind.CrossEntropy => new CrossEntropyLoss(),
        LossKind.Focal => new FocalLoss(spec.FocalGamma),
        LossKind.Ldam => new LdamLoss(classCounts, spec.LdamMaxMargin, spec.LdamScale),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "unknown loss kind"),
    };

    /// <summary>LDAM needs the cosine head; the other losses use a linear one.</summary>
    public static bool NeedsNormedHead(LossKind kind) => kind == LossKind.Ldam;
}

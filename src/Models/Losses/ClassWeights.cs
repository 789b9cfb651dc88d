namespace GitActors.Models.Losses;

/// <summary>Per-class quantities derived from training class sizes (indexed by label id, not rank).</summary>
public static class ClassWeights
{
    /// <summary>
    /// Class-balanced weights from the effective number of samples (Cui et al. 2019, SPEC 5):
    /// w_c = (1 - beta) / (1 - beta^n_c), normalised so they sum to the number of classes.
    /// </summary>
    public static double[] EffectiveNumber(int[] counts, double beta)
    {
        RequirePositive(counts);
        if (beta is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta must lie in (0, 1)");
        var weights = counts.Select(n => (1 - beta) / (1 - Math.Pow(beta, n))).ToArray();
        var scale = counts.Length / weights.Sum();
        for (var c = 0; c < weights.Length; c++) weights[c] *= scale;
        return weights;
    }

    /// <summary>LDAM margins m_j = n_j^(-1/4), rescaled so the largest (the smallest class's) equals maxMargin.</summary>
    public static double[] LdamMargins(int[] counts, double maxMargin)
    {
        RequirePositive(counts);
        if (maxMargin <= 0) throw new ArgumentOutOfRangeException(nameof(maxMargin), maxMargin, "the LDAM margin must be positive");
        var margins = counts.Select(n => 1.0 / Math.Sqrt(Math.Sqrt(n))).ToArray();
        var scale = maxMargin / margins.Max();
        for (var c = 0; c < margins.Length; c++) margins[c] *= scale;
        return margins;
    }

    private static void RequirePositive(int[] counts)
    {
        if (counts.Length == 0) throw new ArgumentException("no class counts given");
        for (var c = 0; c < counts.Length; c++)
            if (counts[c] <= 0)
                throw new ArgumentException($"class {c} has {counts[c]} training images; weights and margins need at least one");
    }
}

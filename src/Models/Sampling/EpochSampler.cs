namespace GitActors.Models.Sampling;

/// <summary>
/// Draws one epoch's index list (length N = dataset size) for a sampling mode. Resampling draws afresh every epoch,
/// with replacement, like torch.multinomial(weights, N, replacement=True) in the reference code.
/// </summary>
public sealed class EpochSampler
{
    private readonly int[] _labels;
    private readonly double[] _inverseFrequencyCdf;
    private readonly double[] _effectiveNumberCdf;

    /// <param name="labels">Training labels.</param>
    /// <param name="classWeights">Effective-number weights per label id (for CB-RS).</param>
    public EpochSampler(int[] labels, int[] classCounts, double[] classWeights)
    {
        _labels = labels;
        _inverseFrequencyCdf = Cumulative(labels, label => 1.0 / classCounts[label]);
        _effectiveNumberCdf = Cumulative(labels, label => classWeights[label]);
    }

    public int Count => _labels.Length;

    public int[] Draw(SamplingMode mode, Rng rng) => mode switch
    {
        SamplingMode.Uniform => rng.Permutation(_labels.Length),
        SamplingMode.InverseFrequency => DrawWithReplacement(_inverseFrequencyCdf, rng),
        SamplingMode.EffectiveNumber => DrawWithReplacement(_effectiveNumberCdf, rng),
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    /// <summary>
    /// The chance that one draw of an epoch in this mode is an image of each class: n_c / N for a permutation,
    /// 1 / (classes present) for inverse frequency (each class's images weigh n_c x 1/n_c in total), and
    /// n_c w_c / sum_k n_k w_k for effective numbers.
    /// </summary>
    public static double[] ClassProbabilities(SamplingMode mode, int[] classCounts, double[] classWeights)
    {
        var mass = mode switch
        {
            SamplingMode.Uniform => classCounts.Select(n => (double)n).ToArray(),
            SamplingMode.InverseFrequency => classCounts.Select(n => n > 0 ? 1.0 : 0.0).ToArray(),
            SamplingMode.EffectiveNumber => classCounts.Select((n, c) => n * classWeights[c]).ToArray(),
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };
        var total = mass.Sum();
        return mass.Select(m => total > 0 ? m / total : 0).ToArray();
    }

    private static double[] Cumulative(int[] labels, Func<int, double> weightOfLabel)
    {
        var cdf = new double[labels.Length];
        var total = 0.0;
        for (var i = 0; i < labels.Length; i++) cdf[i] = total += weightOfLabel(labels[i]);
        for (var i = 0; i < cdf.Length; i++) cdf[i] /= total;
        return cdf;
    }

    private static int[] DrawWithReplacement(double[] cdf, Rng rng)
    {
        var draws = new int[cdf.Length];
        for (var i = 0; i < draws.Length; i++)
        {
            var index = Array.BinarySearch(cdf, rng.NextDouble());
            index = index < 0 ? ~index : index + 1; // first entry strictly above u
            draws[i] = Math.Min(index, cdf.Length - 1);
        }
        return draws;
    }
}

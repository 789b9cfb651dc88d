using GitActors.Models.Randomness;

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

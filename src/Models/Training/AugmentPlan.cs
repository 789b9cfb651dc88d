namespace GitActors.Models.Training;

/// <summary>
/// Which rows of a batch Algorithm 1 augments (SPEC 7), shared by the Oracle (true T) and GIT (learned T~).
/// Paper: rows 1..Round(p|B|) of the sampled batch, each only if its class has at most K examples.
/// Reference variant: the last Round(p|B|) rows are replaced by sources from an independent class-balanced stream.
/// </summary>
public sealed class AugmentPlan
{
    private readonly AugmentSpec _spec;
    private readonly int[] _classCounts;
    private readonly int _smallestClass;
    private readonly int _stage1Epoch;

    public AugmentPlan(AugmentSpec spec, int[] classCounts, int stage1Epoch)
    {
        _spec = spec;
        _classCounts = classCounts;
        _smallestClass = classCounts.Where(count => count > 0).DefaultIfEmpty(0).Min();
        _stage1Epoch = stage1Epoch;
    }

    /// <summary>Algorithm 1 runs for the Oracle and GIT; RandAugment transforms every image and picks no rows.</summary>
    public bool Enabled => _spec.Kind is AugmentKind.Oracle or AugmentKind.Git;

    public bool IsActive(int epoch) =>
        Enabled && (_spec.StartDelayEpochs <= 0 || epoch >= _stage1Epoch + _spec.StartDelayEpochs);

    /// <summary>Number of rows Algorithm 1 considers: Round(p |B|), halves rounded up.</summary>
    public int CandidateRows(int batchSize) => (int)Math.Round(_spec.Fraction * batchSize, MidpointRounding.AwayFromZero);

    /// <summary>First row of the candidate block: 0 for the paper, batchSize - Round(p|B|) for the independent stream.</summary>
    public int FirstCandidateRow(int batchSize) => _spec.IndependentStream ? batchSize - CandidateRows(batchSize) : 0;

    public bool UsesIndependentStream => _spec.IndependentStream;

    /// <summary>Whether an example of this class is transformed, under the hard cutoff or the soft ramp.</summary>
    public bool ShouldAugment(int label, Rng rng)
    {
        var (probability, drawn) = Keep(label);
        // Only the ramp's interior draws, so the hard cutoff never moves the batch's stream.
        return drawn ? rng.NextDouble() < probability : probability > 0;
    }

    /// <summary>The probability that a candidate row of this class is transformed (1 without a cutoff).</summary>
    public double KeepProbability(int label) => Keep(label).Probability;

    private (double Probability, bool Drawn) Keep(int label)
    {
        if (_spec.ClassSizeCutoff is not { } cutoff) return (1, false);
        var size = _classCounts[label];
        if (!_spec.SoftCutoff) return (size <= cutoff ? 1 : 0, false);
        if (size >= cutoff) return (0, false);
        if (cutoff <= _smallestClass) return (size <= cutoff ? 1 : 0, false);
        var keep = (double)(cutoff - size) / (cutoff - _smallestClass);
        return (Math.Clamp(keep, 0.0, 1.0), true);
    }
}

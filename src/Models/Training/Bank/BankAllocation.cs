using GitActors.Models.Losses;
using GitActors.Models.Sampling;

namespace GitActors.Models.Training.Bank;

/// <summary>
/// How many T~ samples the augmentation bank keeps per image, by class. Under DRS the images of a small class are drawn
/// (and so augmented) far more often than those of a large one, so equal counts would either waste generation on large
/// classes or repeat the few styles of small ones many times. The rule:
/// <list type="number">
/// <item>a_c, the expected number of times Algorithm 1 augments one image of class c over the run: for every epoch in
/// which GIT is active (start-delay), the epoch's candidate rows (Round(p |B|) per batch, the last batch partial) times
/// the chance a draw of that epoch's sampling mode (the train rule's, or the independent stream's inverse frequency) is
/// of class c, times the cutoff's keep probability for c, divided by n_c;</item>
/// <item>styles_c = min(S, max(1, ceil(S a_c / a_max))) for classes GIT may augment (a_c &gt; 0), 0 for the others.</item>
/// </list>
/// So the most augmented class gets S styles and every other class at least as many as its share; no sample is expected
/// to be reused more often than a_max / S times (except where the floor of one style applies).
/// </summary>
public static class BankAllocation
{
    /// <summary>a_c for every class (0 for classes GIT never augments, or that have no images).</summary>
    public static double[] ExpectedAugmentationsPerImage(int[] classCounts, TrainRule rule, AugmentSpec augment, ScheduleSpec schedule)
    {
        var plan = new AugmentPlan(augment with { Kind = AugmentKind.Git }, classCounts, schedule.Stage1Epoch);
        var examples = classCounts.Sum();
        var steps = ClassifierBatchSource.StepsFor(examples, schedule.BatchSize);
        var candidatesPerEpoch = 0L;
        for (var step = 0; step < steps; step++)
            candidatesPerEpoch += plan.CandidateRows(Math.Min(schedule.BatchSize, examples - step * schedule.BatchSize));
        // Only CB-RS samples by effective numbers.
        var weights = rule == TrainRule.CbRs ? ClassWeights.EffectiveNumber(classCounts, schedule.Beta) : new double[classCounts.Length];
        var expected = new double[classCounts.Length];
        for (var epoch = 1; epoch <= schedule.Epochs; epoch++)
        {
            if (!plan.IsActive(epoch)) continue;
            var mode = plan.UsesIndependentStream ? SamplingMode.InverseFrequency : TrainRulePhase.Sampling(rule, epoch, schedule.Stage1Epoch);
            var shares = EpochSampler.ClassProbabilities(mode, classCounts, weights);
            for (var c = 0; c < expected.Length; c++) expected[c] += candidatesPerEpoch * shares[c];
        }
        for (var c = 0; c < expected.Length; c++)
            expected[c] = classCounts[c] > 0 ? expected[c] * plan.KeepProbability(c) / classCounts[c] : 0;
        return expected;
    }

    /// <summary>styles_c for the GIT runs of this rule, augmentation and schedule, at most augment.BankStyles per image.</summary>
    public static int[] StylesPerClass(int[] classCounts, TrainRule rule, AugmentSpec augment, ScheduleSpec schedule) =>
        StylesPerClass(ExpectedAugmentationsPerImage(classCounts, rule, augment, schedule), augment.BankStyles ?? 0);

    /// <summary>The rule's second step: styles in proportion to a_c, rounded up, between 1 and S where a_c &gt; 0.</summary>
    public static int[] StylesPerClass(double[] expectedPerImage, int maxStyles)
    {
        if (maxStyles < 1) throw new ArgumentOutOfRangeException(nameof(maxStyles), maxStyles, "a bank needs at least one style per image");
        var most = expectedPerImage.DefaultIfEmpty(0).Max();
        // The small tolerance keeps a ratio that is S x (a whole number) up to rounding from gaining a style.
        return expectedPerImage
            .Select(a => a > 0 && most > 0 ? Math.Clamp((int)Math.Ceiling(maxStyles * (a / most) - 1e-9), 1, maxStyles) : 0)
            .ToArray();
    }

    /// <summary>Per image: its class's style count.</summary>
    public static int[] StylesPerImage(int[] labels, int[] stylesPerClass) => labels.Select(label => stylesPerClass[label]).ToArray();
}

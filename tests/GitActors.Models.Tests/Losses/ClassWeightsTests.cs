using GitActors.Models.Losses;

namespace GitActors.Models.Tests.Losses;

public sealed class ClassWeightsTests
{
    private static readonly int[] Cifar10Lt = [5000, 2997, 1796, 1077, 645, 387, 232, 139, 83, 50];

    /// <summary>SPEC 5's printed table, three decimals: the values the formulas below must round to.</summary>
    private static readonly double[] SpecMargins = [0.158, 0.180, 0.204, 0.232, 0.264, 0.300, 0.341, 0.387, 0.440, 0.500];

    private static readonly double[] SpecWeights = [0.051, 0.077, 0.121, 0.195, 0.319, 0.525, 0.868, 1.443, 2.409, 3.993];

    [Fact]
    public void Ldam_margins_are_n_to_the_minus_quarter_rescaled_to_one_half_in_float64()
    {
        // m_c = n_c^(-1/4) / max_j n_j^(-1/4) * 0.5 = 0.5 * (n_min / n_c)^(1/4), written the second way so the check does
        // not repeat the implementation's arithmetic; agreement to a few ulp.
        var nMin = (double)Cifar10Lt.Min();
        var margins = ClassWeights.LdamMargins(Cifar10Lt, 0.5);
        for (var c = 0; c < Cifar10Lt.Length; c++)
        {
            var expected = 0.5 * Math.Pow(nMin / Cifar10Lt[c], 0.25);
            Assert.True(Math.Abs(expected - margins[c]) <= 4e-16, $"class {c}: {margins[c]:R} vs {expected:R}");
            Assert.Equal(SpecMargins[c], Math.Round(margins[c], 3, MidpointRounding.AwayFromZero));
        }
    }

    [Fact]
    public void Effective_number_weights_are_the_normalised_inverse_effective_numbers_in_float64()
    {
        // E_c = (1 - beta^n_c) / (1 - beta); w_c = C * (1 / E_c) / sum_j (1 / E_j). The (1 - beta) factors cancel, so the
        // reference below never forms them; summed in ascending order of magnitude.
        const double beta = 0.9999;
        var inverse = Cifar10Lt.Select(n => 1.0 / (1.0 - Math.Pow(beta, n))).ToArray();
        var total = inverse.OrderBy(v => v).Sum();
        var weights = ClassWeights.EffectiveNumber(Cifar10Lt, beta);
        for (var c = 0; c < Cifar10Lt.Length; c++)
        {
            var expected = Cifar10Lt.Length * inverse[c] / total;
            Assert.True(Math.Abs(expected - weights[c]) <= 1e-13 * expected, $"class {c}: {weights[c]:R} vs {expected:R}");
            Assert.Equal(SpecWeights[c], Math.Round(weights[c], 3, MidpointRounding.AwayFromZero));
        }
        Assert.True(Math.Abs(10.0 - weights.Sum()) <= 1e-13, $"the weights sum to {weights.Sum():R}, not 10");
    }

    [Fact]
    public void Weights_follow_label_ids_not_ranks()
    {
        // The same sizes in a shuffled label order give the same value per size.
        int[] shuffled = [50, 5000, 387, 2997];
        var weights = ClassWeights.EffectiveNumber(shuffled, 0.9999);
        var margins = ClassWeights.LdamMargins(shuffled, 0.5);
        Assert.True(weights[0] > weights[2] && weights[2] > weights[3] && weights[3] > weights[1]);
        Assert.Equal(0.5, margins[0], 12);
        Assert.Equal(0.5 * Math.Pow(50.0 / 5000, 0.25), margins[1], 12);
    }

    [Fact]
    public void Empty_class_is_rejected_with_its_label()
    {
        var error = Assert.Throws<ArgumentException>(() => ClassWeights.EffectiveNumber([10, 0, 3], 0.9999));
        Assert.Contains("class 1", error.Message);
    }
}

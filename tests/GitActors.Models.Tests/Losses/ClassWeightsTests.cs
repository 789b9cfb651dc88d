using GitActors.Models.Losses;

namespace GitActors.Models.Tests.Losses;

public sealed class ClassWeightsTests
{
    private static readonly int[] Cifar10Lt = [5000, 2997, 1796, 1077, 645, 387, 232, 139, 83, 50];

    [Fact]
    public void Ldam_margins_match_the_spec_for_CIFAR10_LT()
    {
        double[] expected = [0.158, 0.180, 0.204, 0.232, 0.264, 0.300, 0.341, 0.387, 0.440, 0.500];
        var margins = ClassWeights.LdamMargins(Cifar10Lt, 0.5);
        for (var c = 0; c < expected.Length; c++) Assert.Equal(expected[c], margins[c], 3);
    }

    [Fact]
    public void Effective_number_weights_match_the_spec_for_CIFAR10_LT()
    {
        double[] expected = [0.051, 0.077, 0.121, 0.195, 0.319, 0.525, 0.868, 1.443, 2.409, 3.993];
        var weights = ClassWeights.EffectiveNumber(Cifar10Lt, 0.9999);
        for (var c = 0; c < expected.Length; c++) Assert.Equal(expected[c], weights[c], 3);
        Assert.Equal(10.0, weights.Sum(), 9);
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

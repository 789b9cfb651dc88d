using GitActors.Models.Sampling;

namespace GitActors.Models.Tests.Sampling;

public sealed class TrainRuleTests
{
    [Theory]
    [InlineData(TrainRule.None, 1, SamplingMode.Uniform)]
    [InlineData(TrainRule.None, 40, SamplingMode.Uniform)]
    [InlineData(TrainRule.Rs, 1, SamplingMode.InverseFrequency)]
    [InlineData(TrainRule.CbRs, 1, SamplingMode.EffectiveNumber)]
    [InlineData(TrainRule.CbRw, 40, SamplingMode.Uniform)]
    [InlineData(TrainRule.Drw, 40, SamplingMode.Uniform)]
    [InlineData(TrainRule.Drs, 30, SamplingMode.Uniform)]
    [InlineData(TrainRule.Drs, 31, SamplingMode.InverseFrequency)]
    public void Each_rule_samples_as_SPEC_5_says(TrainRule rule, int epoch, SamplingMode expected) =>
        Assert.Equal(expected, TrainRulePhase.Sampling(rule, epoch, stage1Epoch: 30));

    [Theory]
    [InlineData(TrainRule.None, 40, false)]
    [InlineData(TrainRule.Rs, 40, false)]
    [InlineData(TrainRule.Drs, 40, false)]
    [InlineData(TrainRule.CbRw, 1, true)]
    [InlineData(TrainRule.Drw, 30, false)]
    [InlineData(TrainRule.Drw, 31, true)]
    public void Only_CB_RW_and_late_DRW_weight_the_loss(TrainRule rule, int epoch, bool expected) =>
        Assert.Equal(expected, TrainRulePhase.UsesClassWeights(rule, epoch, stage1Epoch: 30));

    private static readonly int[] Labels = [.. Enumerable.Repeat(0, 900), .. Enumerable.Repeat(1, 90), .. Enumerable.Repeat(2, 10)];
    private static readonly int[] Counts = [900, 90, 10];

    [Fact]
    public void Uniform_is_a_fresh_permutation_each_draw()
    {
        var sampler = new EpochSampler(Labels, Counts, [1, 1, 1]);
        var rng = new Rng(3);
        var first = sampler.Draw(SamplingMode.Uniform, rng);
        var second = sampler.Draw(SamplingMode.Uniform, rng);
        Assert.Equal(Enumerable.Range(0, Labels.Length), first.Order());
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Inverse_frequency_balances_classes()
    {
        // p(i) ~ 1/n_y gives each class probability 1/3; over 30 epochs of 1,000 draws the share's sd is ~0.0027.
        var sampler = new EpochSampler(Labels, Counts, [1, 1, 1]);
        var rng = new Rng(5);
        var perClass = new int[3];
        for (var epoch = 0; epoch < 30; epoch++)
            foreach (var index in sampler.Draw(SamplingMode.InverseFrequency, rng)) perClass[Labels[index]]++;
        foreach (var count in perClass) Assert.InRange(count / 30000.0, 1 / 3.0 - 0.015, 1 / 3.0 + 0.015);
    }

    [Fact]
    public void Class_balanced_resampling_follows_the_class_weights()
    {
        // p(class c) = n_c w_c / sum_k n_k w_k = (900*1, 90*2, 10*20) / 1280.
        var sampler = new EpochSampler(Labels, Counts, [1, 2, 20]);
        var rng = new Rng(9);
        var perClass = new int[3];
        for (var epoch = 0; epoch < 30; epoch++)
            foreach (var index in sampler.Draw(SamplingMode.EffectiveNumber, rng)) perClass[Labels[index]]++;
        double[] expected = [900 / 1280.0, 180 / 1280.0, 200 / 1280.0];
        for (var c = 0; c < 3; c++) Assert.InRange(perClass[c] / 30000.0, expected[c] - 0.015, expected[c] + 0.015);
    }
}

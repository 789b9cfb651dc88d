using GitActors.Models.Losses;
using static TorchSharp.torch;

namespace GitActors.Models.Tests.Losses;

/// <summary>
/// Two samples, three classes. Per-sample CE by hand: l_i = log(sum_k exp z_ik) - z_i,y_i.
/// Weighted CE = (w_y1 l_1 + w_y2 l_2) / (w_y1 + w_y2); focal: ce_i = w_yi l_i, mean((1 - exp(-ce_i))^gamma ce_i).
/// </summary>
public sealed class LossTests
{
    private static readonly double[][] Z = [[1.0, 2.0, 0.5], [0.2, -1.0, 3.0]];
    private static readonly long[] Y = [1, 0];
    private static readonly double[] W = [2.0, 0.5, 1.0];

    private static double Ce(double[] z, long y) => Math.Log(z.Sum(Math.Exp)) - z[y];

    private static Tensor Logits(double[][] z, bool requiresGrad = false) =>
        tensor(z.SelectMany(r => r).Select(v => (float)v).ToArray(), [z.Length, z[0].Length], requires_grad: requiresGrad);

    private static double Value(IClassifierLoss loss, double[][] z, long[] y, double[]? w)
    {
        using var scope = NewDisposeScope();
        var weights = w is null ? null : tensor(w.Select(v => (float)v).ToArray());
        return loss.Compute(Logits(z), tensor(y), weights).item<float>();
    }

    [Fact]
    public void Cross_entropy_is_the_plain_mean_without_weights()
    {
        var expected = (Ce(Z[0], 1) + Ce(Z[1], 0)) / 2;
        Assert.Equal(expected, Value(new CrossEntropyLoss(), Z, Y, null), 5);
    }

    [Fact]
    public void Cross_entropy_with_weights_is_the_weighted_mean()
    {
        // w_y1 = w[1] = 0.5, w_y2 = w[0] = 2
        var expected = (0.5 * Ce(Z[0], 1) + 2.0 * Ce(Z[1], 0)) / 2.5;
        Assert.Equal(expected, Value(new CrossEntropyLoss(), Z, Y, W), 5);
    }

    [Fact]
    public void Focal_down_weights_easy_samples()
    {
        double Focal(double ce, double gamma) => Math.Pow(1 - Math.Exp(-ce), gamma) * ce;
        var (ce1, ce2) = (0.5 * Ce(Z[0], 1), 2.0 * Ce(Z[1], 0));
        Assert.Equal((Focal(ce1, 1) + Focal(ce2, 1)) / 2, Value(new FocalLoss(1), Z, Y, W), 5);
        Assert.Equal((Focal(Ce(Z[0], 1), 2) + Focal(Ce(Z[1], 0), 2)) / 2, Value(new FocalLoss(2), Z, Y, null), 5);
    }

    [Fact]
    public void Focal_with_gamma_0_is_the_unweighted_mean_of_weighted_per_sample_ce()
    {
        var expected = (0.5 * Ce(Z[0], 1) + 2.0 * Ce(Z[1], 0)) / 2; // divided by N, not by the weight sum
        Assert.Equal(expected, Value(new FocalLoss(0), Z, Y, W), 5);
        Assert.NotEqual(Value(new CrossEntropyLoss(), Z, Y, W), Value(new FocalLoss(0), Z, Y, W), 3);
    }

    [Fact]
    public void Focal_stays_finite_when_a_sample_is_certain()
    {
        double[][] certain = [[60.0, 0.0, 0.0], [0.0, 1.0, 0.0]];
        var value = Value(new FocalLoss(0.5), certain, [0, 1], null);
        Assert.True(double.IsFinite(value));
        Assert.Equal(Math.Pow(1 - Math.Exp(-Ce(certain[1], 1)), 0.5) * Ce(certain[1], 1) / 2, value, 5);
    }

    [Fact]
    public void Ldam_subtracts_the_target_margin_then_scales()
    {
        // counts (100, 10, 1): m = n^-1/4 = (0.3162, 0.5623, 1) rescaled to max 0.5 -> (0.1581, 0.2812, 0.5).
        int[] counts = [100, 10, 1];
        var m = counts.Select(n => 0.5 * Math.Pow(n, -0.25)).ToArray();
        double[][] cosines = [[0.3, -0.2, 0.9], [0.8, 0.1, -0.5]];
        long[] y = [2, 0];
        double[] Adjusted(double[] z, long label) => z.Select((v, k) => 30 * (k == label ? v - m[label] : v)).ToArray();
        var (l1, l2) = (Ce(Adjusted(cosines[0], 2), 2), Ce(Adjusted(cosines[1], 0), 0));

        var loss = new LdamLoss(counts);
        Assert.Equal((l1 + l2) / 2, Value(loss, cosines, y, null), 4);
        // weights: w_y1 = W[2] = 1, w_y2 = W[0] = 2
        Assert.Equal((1.0 * l1 + 2.0 * l2) / 3, Value(loss, cosines, y, W), 4);
    }

    [Fact]
    public void Cross_entropy_gradient_is_softmax_minus_onehot_over_n()
    {
        using var logits = Logits(Z, requiresGrad: true);
        using var loss = new CrossEntropyLoss().Compute(logits, tensor(Y), null);
        loss.backward();
        var grad = logits.grad!.data<float>().ToArray();
        for (var i = 0; i < 2; i++)
        {
            var denominator = Z[i].Sum(Math.Exp);
            for (var k = 0; k < 3; k++)
                Assert.Equal((Math.Exp(Z[i][k]) / denominator - (k == Y[i] ? 1 : 0)) / 2, grad[i * 3 + k], 5);
        }
    }

    [Theory]
    [InlineData(LossKind.Focal)]
    [InlineData(LossKind.Ldam)]
    public void Gradients_flow_through_every_loss(LossKind kind)
    {
        var loss = LossFactory.Create(new LossSpec(kind), [100, 10, 1]);
        using var logits = Logits([[0.3, -0.2, 0.9], [0.8, 0.1, -0.5]], requiresGrad: true);
        using var value = loss.Compute(logits, tensor(Y), tensor(new float[] { 2, 0.5f, 1 }));
        value.backward();
        var grad = logits.grad!;
        Assert.True(grad.isfinite().all().item<bool>());
        Assert.True(grad.abs().sum().item<float>() > 1e-4);
    }

    [Fact]
    public void Factory_builds_the_named_loss()
    {
        Assert.IsType<CrossEntropyLoss>(LossFactory.Create(new LossSpec(), [5, 5]));
        Assert.Equal(2.0, Assert.IsType<FocalLoss>(LossFactory.Create(new LossSpec(LossKind.Focal, FocalGamma: 2), [5, 5])).Gamma);
        var ldam = Assert.IsType<LdamLoss>(LossFactory.Create(new LossSpec(LossKind.Ldam, LdamMaxMargin: 0.3, LdamScale: 10), [16, 1]));
        Assert.Equal(10, ldam.Scale);
        Assert.Equal(new[] { 0.15, 0.3 }, ldam.Margins.Select(v => Math.Round(v, 12)));
        Assert.True(LossFactory.NeedsNormedHead(LossKind.Ldam));
        Assert.False(LossFactory.NeedsNormedHead(LossKind.Focal));
    }
}

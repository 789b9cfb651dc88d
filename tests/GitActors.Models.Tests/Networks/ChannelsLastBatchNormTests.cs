using static TorchSharp.torch;

namespace GitActors.Models.Tests.Networks;

[Collection(GitActors.Models.Tests.Torch.TorchGlobalRngCollection.Name)]
public sealed class ChannelsLastBatchNormTests
{
    [Fact]
    public void Training_step_matches_a_float64_batch_norm_in_output_gradients_and_running_statistics()
    {
        // Off-centre activations (mean 1.5, std 0.5) over 131,072 positions per channel: where float32 row-by-row sums
        // lose digits (libtorch's fused channels-last kernel is 1e-5 off here).
        const int channels = 16;
        using var x = randn(128, channels, 32, 32, generator: new Generator(3)).mul(0.5).add(1.5);
        using var upstream = randn(128, channels, 32, 32, generator: new Generator(4));
        using var weight = rand(channels, generator: new Generator(5));
        using var bias = randn(channels, generator: new Generator(6));

        using var reference = nn.BatchNorm2d(channels);
        reference.to(float64);
        using var norm = nn.BatchNorm2d(channels);
        using (no_grad())
        {
            reference.weight!.copy_(weight);
            reference.bias!.copy_(bias);
            norm.weight!.copy_(weight);
            norm.bias!.copy_(bias);
        }
        using var x64 = x.to(float64).requires_grad_(true);
        using var y64 = reference.forward(x64);
        y64.mul(upstream.to(float64)).sum().backward();

        using var input = ChannelsLast.Of(x).requires_grad_(true);
        Assert.True(ChannelsLastBatchNorm.IsChannelsLast(input));
        using var y = ChannelsLastBatchNorm.Forward(norm, input);
        Assert.True(ChannelsLastBatchNorm.IsChannelsLast(y), "the output stays NHWC");
        y.mul(upstream).sum().backward();
        Assert.True(ChannelsLastBatchNorm.IsChannelsLast(input.grad!), "the input gradient stays NHWC");

        Assert.True(RelativeError(y, y64) < 1e-6, $"output {RelativeError(y, y64):E2}");
        Assert.True(RelativeError(input.grad!, x64.grad!) < 1e-6, $"input gradient {RelativeError(input.grad!, x64.grad!):E2}");
        Assert.True(RelativeError(norm.weight!.grad!, reference.weight!.grad!) < 1e-6, $"weight gradient {RelativeError(norm.weight!.grad!, reference.weight!.grad!):E2}");
        Assert.True(RelativeError(norm.bias!.grad!, reference.bias!.grad!) < 1e-6, $"bias gradient {RelativeError(norm.bias!.grad!, reference.bias!.grad!):E2}");
        // Running statistics move 10 % of the way from (0, 1) to the batch mean and the unbiased batch variance.
        using var mean = x64.detach().mean([0L, 2L, 3L]);
        using var unbiased = x64.detach().var([0L, 2L, 3L], unbiased: true);
        Assert.True(norm.running_mean!.to(float64).allclose(mean.mul(0.1), rtol: 1e-5, atol: 1e-7));
        Assert.True(norm.running_var!.to(float64).allclose(unbiased.mul(0.1).add(0.9), rtol: 1e-5, atol: 1e-7));
        Assert.Equal(1, norm.num_batches_tracked!.item<long>());
    }

    [Fact]
    public void Default_layout_and_evaluation_mode_go_through_the_module_unchanged()
    {
        using var x = randn(4, 8, 6, 6, generator: new Generator(7));
        using var norm = nn.BatchNorm2d(8);
        using var viaHelper = ChannelsLastBatchNorm.Forward(norm, x);
        using var twin = nn.BatchNorm2d(8);
        using var viaModule = twin.forward(x);
        Assert.True(viaHelper.eq(viaModule).all().item<bool>(), "NCHW training uses the module's own kernel");
        norm.eval();
        twin.eval();
        using var last = ChannelsLast.Of(x);
        using var evaluated = ChannelsLastBatchNorm.Forward(norm, last);
        using var expected = twin.forward(last);
        Assert.True(evaluated.eq(expected).all().item<bool>(), "evaluation mode uses the module's own kernel");
    }

    private static double RelativeError(Tensor value, Tensor truth) =>
        value.to(float64).sub(truth).norm().item<double>() / truth.norm().item<double>();
}

using GitActors.Models.Networks;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GitActors.Models.Tests.Networks;

public sealed class ChannelsLastTests
{
    [Theory]
    [InlineData(1, 28)]
    [InlineData(3, 32)]
    public void Simple_cnn_nhwc_activations_are_as_accurate_as_the_default_layout(int channels, int size)
    {
        // Against a float64 reference: another layout sums in another order, so float32 results differ from each other
        // by rounding, but the NHWC result must be no further from the exact value than the default layout's.
        using var nhwc = Create(channels, size, channelsLast: true);
        using var nchw = Create(channels, size, channelsLast: false);
        using var exact = Create(channels, size, channelsLast: false);
        exact.to(float64);
        using var x = randn(6, channels, size, size, generator: new Generator(12));
        using var targets = tensor(new long[] { 0, 1, 2, 3, 4, 0 });
        using var lossLast = F.cross_entropy(nhwc.forward(x), targets);
        using var lossFirst = F.cross_entropy(nchw.forward(x), targets);
        using var lossExact = F.cross_entropy(exact.forward(x.to(float64)), targets);
        foreach (var loss in new[] { lossLast, lossFirst, lossExact }) loss.backward();
        Assert.Equal(lossExact.item<double>(), lossLast.item<float>(), tolerance: 1e-5);
        var first = nchw.named_parameters().ToDictionary(pair => pair.name, pair => pair.parameter);
        var reference = exact.named_parameters().ToDictionary(pair => pair.name, pair => pair.parameter);
        foreach (var (name, p) in nhwc.named_parameters())
        {
            var truth = reference[name].grad!;
            var errorLast = p.grad!.to(float64).sub(truth).norm().item<double>();
            var errorFirst = first[name].grad!.to(float64).sub(truth).norm().item<double>();
            Assert.True(errorLast <= 10 * errorFirst + 1e-6,
                $"{name}: NHWC gradient error {errorLast:E2} vs default layout {errorFirst:E2} (reference norm {truth.norm().item<double>():E2})");
        }
    }

    [Fact]
    public void Of_keeps_values_and_shape_with_nhwc_strides()
    {
        using var x = arange(2 * 3 * 4 * 5, dtype: float32).reshape(2, 3, 4, 5);
        using var last = ChannelsLast.Of(x);
        Assert.Equal(x.shape, last.shape);
        Assert.True(last.eq(x).all().item<bool>());
        Assert.Equal(new long[] { 60, 1, 15, 3 }, last.stride());
    }

    private static SimpleCnn Create(int channels, int size, bool channelsLast) =>
        new(channels, 5, size, initSeed: 4) { ChannelsLastOnCpu = channelsLast };
}

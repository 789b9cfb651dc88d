using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GitActors.Models.Tests.Networks;

[Collection(GitActors.Models.Tests.Torch.TorchGlobalRngCollection.Name)]
public sealed class ChannelsLastTests
{
    [Theory]
    [InlineData("simplecnn", 1, 28)]
    [InlineData("simplecnn", 3, 32)]
    [InlineData("resnet20", 1, 28)]
    [InlineData("resnet20", 3, 32)]
    public void Nhwc_float32_gradients_are_as_accurate_as_the_default_layout(string model, int channels, int size)
    {
        // Against a float64 reference: another layout sums in another order, so float32 results differ from each other
        // by rounding, but the NHWC result must be no further from the exact value than the default layout's.
        // A small batch keeps ReLU and max-pool kinks away: with thousands of activations per channel, a value within
        // rounding of a kink can take the other branch in either float32 layout and move a gradient discretely.
        using var nhwc = Create(model, channels, size, channelsLast: true);
        using var nchw = Create(model, channels, size, channelsLast: false);
        using var exact = Create(model, channels, size, channelsLast: false);
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

    [Theory]
    [InlineData("simplecnn")]
    [InlineData("resnet20")]
    public void Nhwc_path_computes_the_same_function_and_gradients_as_the_default_layout_in_float64(string model)
    {
        // In float64 rounding is far below any kink, so the two layouts' code paths (NHWC batch norm included) must agree
        // to 1e-9 on a full-size batch: loss, every parameter gradient and the running statistics left behind.
        using var nhwc = Create(model, 3, 32, channelsLast: true);
        using var nchw = Create(model, 3, 32, channelsLast: false);
        nhwc.to(float64);
        nchw.to(float64);
        using var x = randn(64, 3, 32, 32, dtype: float64, generator: new Generator(12));
        using var targets = arange(64).remainder(5);
        using var lossLast = F.cross_entropy(nhwc.forward(x), targets);
        using var lossFirst = F.cross_entropy(nchw.forward(x), targets);
        lossLast.backward();
        lossFirst.backward();
        Assert.Equal(lossFirst.item<double>(), lossLast.item<double>(), tolerance: 1e-12);
        var first = nchw.named_parameters().ToDictionary(pair => pair.name, pair => pair.parameter);
        foreach (var (name, p) in nhwc.named_parameters())
        {
            var truth = first[name].grad!;
            var error = p.grad!.sub(truth).norm().item<double>();
            Assert.True(error <= 1e-9 * (1 + truth.norm().item<double>()), $"{name}: gradients differ by {error:E2}");
        }
        var buffers = nchw.named_buffers().ToDictionary(pair => pair.name, pair => pair.buffer);
        foreach (var (name, buffer) in nhwc.named_buffers())
            Assert.True(buffer.to(float64).allclose(buffers[name].to(float64), rtol: 1e-9, atol: 1e-12), $"buffer {name} differs between layouts");
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

    [Fact]
    public void Of_a_one_channel_input_is_a_view_that_makes_the_first_convolution_write_nhwc()
    {
        using var x = randn(2, 1, 6, 5, generator: new Generator(13));
        using var last = ChannelsLast.Of(x);
        Assert.True(last.eq(x).all().item<bool>());
        Assert.Equal(new long[] { 30, 1, 5, 1 }, last.stride());

        using var conv = nn.Conv2d(1, 4, 3, padding: 1);
        using var fromDefault = conv.forward(x);
        using var fromView = conv.forward(last);
        Assert.False(ChannelsLastBatchNorm.IsChannelsLast(fromDefault), "a default-layout input keeps the default layout");
        Assert.True(ChannelsLastBatchNorm.IsChannelsLast(fromView), "the view steers the convolution to NHWC");
        Assert.True(fromView.allclose(fromDefault, rtol: 1e-5, atol: 1e-6));

        using var before = x.clone();
        last.mul_(2);
        Assert.True(x.eq(before.mul(2)).all().item<bool>(), "a view shares x's memory: no copy was made");
    }

    private static nn.Module<Tensor, Tensor> Create(string model, int channels, int size, bool channelsLast) => model switch
    {
        "simplecnn" => new SimpleCnn(channels, 5, size, initSeed: 4) { ChannelsLastOnCpu = channelsLast },
        _ => new CifarResNet(3, channels, 5, normedHead: false, initSeed: 4) { ChannelsLastOnCpu = channelsLast },
    };
}

using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GitActors.Models.Tests.Networks;

[Collection(GitActors.Models.Tests.Torch.TorchGlobalRngCollection.Name)]
public sealed class CifarResNetTests
{
    /// <summary>
    /// The CIFAR ResNet per module from its shapes (SPEC 3): a 3x3 stem to 16 channels without bias and its batch norm,
    /// three stages of widths 16/32/64 whose basic blocks are two bias-free 3x3 convolutions with batch norms (option-A
    /// shortcuts have no parameters), and a linear head on the 64 pooled features.
    /// </summary>
    private static Dictionary<string, long> Expected(int blocksPerStage, int channels, int classes)
    {
        long Block(long input, long width) => ParameterCounts.Conv(input, width, 3, bias: false) + ParameterCounts.AffineNorm(width)
            + ParameterCounts.Conv(width, width, 3, bias: false) + ParameterCounts.AffineNorm(width);
        long Stage(long input, long width) => Block(input, width) + (blocksPerStage - 1) * Block(width, width);
        return new Dictionary<string, long>
        {
            ["conv1"] = ParameterCounts.Conv(channels, 16, 3, bias: false),
            ["bn1"] = ParameterCounts.AffineNorm(16),
            ["layer1"] = Stage(16, 16),
            ["layer2"] = Stage(16, 32),
            ["layer3"] = Stage(32, 64),
            ["linear"] = ParameterCounts.Linear(64, classes),
        };
    }

    [Theory]
    [InlineData(ModelKind.ResNet32, 5, 3, 10, 32, 464_154)]   // CIFAR-10
    [InlineData(ModelKind.ResNet20, 3, 1, 49, 28, 271_969)]   // K49
    public void A_CIFAR_ResNet_has_the_reference_parameter_count_module_by_module(ModelKind kind, int blocksPerStage, int channels,
        int classes, int imageSize, int parameters)
    {
        using var model = ClassifierFactory.Create(kind, inChannels: channels, classCount: classes, imageSize: imageSize, normedHead: false);
        var expected = Expected(blocksPerStage, channels, classes);
        Assert.Equal(expected.OrderBy(e => e.Key), ParameterCounts.ByModule(model, 1).OrderBy(e => e.Key));
        Assert.Equal(parameters, expected.Values.Sum());
        Assert.Equal(parameters, ClassifierFactory.ParameterCount(model));
    }

    [Fact]
    public void Normed_head_drops_the_bias_only()
    {
        using var linear = CifarResNet.ResNet20(1, 49);
        using var normed = CifarResNet.ResNet20(1, 49, normedHead: true);
        Assert.Equal(ClassifierFactory.ParameterCount(linear) - 49, ClassifierFactory.ParameterCount(normed));
    }

    [Fact]
    public void State_dict_keys_follow_the_reference_resnet()
    {
        using var model = CifarResNet.ResNet20(1, 10);
        var keys = model.state_dict().Keys.ToHashSet();
        foreach (var key in new[] { "conv1.weight", "bn1.running_mean", "layer1.0.conv1.weight", "layer2.2.bn2.bias", "layer3.0.conv2.weight", "linear.weight", "linear.bias" })
            Assert.Contains(key, keys);
        Assert.DoesNotContain("layer3.3.conv1.weight", keys); // three blocks per stage
    }

    [Theory]
    [InlineData(1, 28, 49)]
    [InlineData(3, 32, 10)]
    public void Maps_images_to_class_logits(int channels, int size, int classes)
    {
        using var model = CifarResNet.ResNet20(channels, classes);
        using var x = randn(4, channels, size, size);
        using var logits = model.forward(x);
        Assert.Equal(new long[] { 4, classes }, logits.shape);
    }

    [Fact]
    public void Conv_weights_are_kaiming_normal_with_fan_in()
    {
        torch.manual_seed(1);
        using var model = CifarResNet.ResNet32(3, 10);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        // layer3 convs: 64 * 3 * 3 = 576 fan-in, gain sqrt(2) for ReLU; 36,864 draws pin the std to ~0.4%.
        var std = parameters["layer3.4.conv2.weight"].std().item<float>();
        Assert.InRange(std, Math.Sqrt(2.0 / 576) * 0.97, Math.Sqrt(2.0 / 576) * 1.03);
        // the linear weight is kaiming too (fan-in 64), its bias keeps PyTorch's U(-1/sqrt(64), 1/sqrt(64)).
        var linearStd = parameters["linear.weight"].std().item<float>();
        Assert.InRange(linearStd, Math.Sqrt(2.0 / 64) * 0.8, Math.Sqrt(2.0 / 64) * 1.2);
        Assert.True(parameters["linear.bias"].abs().max().item<float>() <= 0.125f);
    }

    [Fact]
    public void Option_A_shortcut_subsamples_and_zero_pads_channels()
    {
        using var block = new BasicBlock("block", inPlanes: 16, planes: 32, stride: 2);
        using (no_grad())
            foreach (var (name, p) in block.named_parameters())
                if (name == "conv2.weight") p.zero_();
        // conv2 = 0 makes the residual branch bn2(0) = 0, so the block is relu(shortcut(x)).
        using var x = randn(2, 16, 8, 8);
        using var y = block.forward(x);
        Assert.Equal(new long[] { 2, 32, 4, 4 }, y.shape);
        using var subsampled = x[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(null, null, 2), TensorIndex.Slice(null, null, 2)];
        using var expectedMiddle = subsampled.relu();
        Assert.True(y.narrow(1, 8, 16).allclose(expectedMiddle));
        Assert.Equal(0f, y.narrow(1, 0, 8).abs().sum().item<float>());
        Assert.Equal(0f, y.narrow(1, 24, 8).abs().sum().item<float>());
    }

    [Fact]
    public void Gradients_reach_every_parameter()
    {
        using var model = CifarResNet.ResNet20(1, 5, normedHead: true);
        using var x = randn(8, 1, 16, 16);
        using var targets = tensor(new long[] { 0, 1, 2, 3, 4, 0, 1, 2 });
        using var loss = F.cross_entropy(model.forward(x), targets);
        loss.backward();
        foreach (var (name, p) in model.named_parameters())
        {
            Assert.True(p.grad is not null, $"{name} got no gradient");
            Assert.True(p.grad!.abs().sum().item<float>() > 0, $"{name} got a zero gradient");
        }
    }
}

using static TorchSharp.torch;

namespace GitActors.Models.Tests.Networks;

/// <summary>Trainers build models concurrently: initial weights must come from the run's seed, not torch's global generator.</summary>
[Collection(GitActors.Models.Tests.Torch.TorchGlobalRngCollection.Name)]
public sealed class ClassifierInitTests
{
    private static float[][] Weights(nn.Module<Tensor, Tensor> model) =>
        model.parameters().Select(p => p.detach().cpu().data<float>().ToArray()).ToArray();

    [Theory]
    [InlineData(ModelKind.ResNet20, false)]
    [InlineData(ModelKind.SimpleCnn, false)]
    [InlineData(ModelKind.SimpleCnn, true)]
    public void Initial_weights_depend_on_the_seed_alone(ModelKind kind, bool normedHead)
    {
        torch.manual_seed(1);
        using var first = ClassifierFactory.Create(kind, 1, 10, 28, normedHead, initSeed: 42);
        torch.manual_seed(2);
        using (torch.randn(1000)) { } // someone else drawing from the global generator in between
        using var second = ClassifierFactory.Create(kind, 1, 10, 28, normedHead, initSeed: 42);
        using var other = ClassifierFactory.Create(kind, 1, 10, 28, normedHead, initSeed: 43);

        Assert.Equal(Weights(first), Weights(second));
        Assert.NotEqual(Weights(first), Weights(other));
    }

    [Fact]
    public void Resnet_weights_follow_kaiming_normal_fan_in()
    {
        // 64 x 64 x 3 x 3 convolutions: fan_in 576, so std sqrt(2/576) = 0.0589.
        using var model = CifarResNet.ResNet20(1, 10, initSeed: 7);
        var conv = model.named_parameters().Where(p => p.name.StartsWith("layer3.1.conv")).Select(p => p.parameter).ToList();
        using var all = cat(conv.Select(p => p.detach().flatten()).ToList());
        Assert.Equal(Math.Sqrt(2.0 / 576), all.std().item<float>(), 0.002);
        Assert.Equal(0, all.mean().item<float>(), 0.002);
    }

    [Fact]
    public void Pytorch_default_biases_lie_within_one_over_sqrt_fan_in()
    {
        using var model = new SimpleCnn(1, 10, 28, initSeed: 3);
        var bias = model.named_parameters().First(p => p.name == "linear.bias").parameter;
        var bound = 1 / Math.Sqrt(64); // linear fan_in = 64 x 1 x 1
        Assert.All(bias.data<float>().ToArray(), b => Assert.InRange(b, -bound, bound));
    }
}

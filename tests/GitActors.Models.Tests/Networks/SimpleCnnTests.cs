using static TorchSharp.torch;

namespace GitActors.Models.Tests.Networks;

[Collection(GitActors.Models.Tests.Torch.TorchGlobalRngCollection.Name)]
public sealed class SimpleCnnTests
{
    [Theory]
    [InlineData(28, 1)]
    [InlineData(32, 2)]
    [InlineData(16, 1)]
    [InlineData(64, 4)]
    public void Final_side_floors_four_halvings(int imageSize, int side) => Assert.Equal(side, SimpleCnn.FinalSide(imageSize));

    [Fact]
    public void Rejects_images_that_vanish() => Assert.Throws<ArgumentOutOfRangeException>(() => SimpleCnn.FinalSide(15));

    [Fact]
    public void Has_four_conv_bn_blocks_and_a_linear_head()
    {
        using var model = ClassifierFactory.Create(ModelKind.SimpleCnn, inChannels: 1, classCount: 49, imageSize: 28, normedHead: false);
        // conv 1->64: 576 + 64; three conv 64->64: 36,864 + 64 each; four BN: 128 each; linear 64*1*1 -> 49: 3,136 + 49.
        const long expected = (576 + 64) + 3 * (36_864 + 64) + 4 * 128 + (64 * 49 + 49);
        Assert.Equal(expected, ClassifierFactory.ParameterCount(model));
    }

    [Theory]
    [InlineData(1, 28, 49)]
    [InlineData(3, 32, 10)]
    public void Maps_images_to_class_logits(int channels, int size, int classes)
    {
        using var model = new SimpleCnn(channels, classes, size);
        using var x = randn(5, channels, size, size);
        using var logits = model.forward(x);
        Assert.Equal(new long[] { 5, classes }, logits.shape);
    }

    [Fact]
    public void Flattened_size_follows_the_input_size()
    {
        using var model = new SimpleCnn(3, 10, imageSize: 32);
        var linear = model.named_parameters().Single(p => p.name == "linear.weight").parameter;
        Assert.Equal(new long[] { 10, 64 * 2 * 2 }, linear.shape);
    }
}

using GitActors.Models.Networks.Munit;
using static GitActors.Models.Tests.Networks.ParameterCounts;
using static TorchSharp.torch;

namespace GitActors.Models.Tests.Networks.Munit;

[Collection(GitActors.Models.Tests.Torch.TorchGlobalRngCollection.Name)]
public class MunitNetworkTests
{
    private static long CountParameters(nn.Module module) => module.parameters().Sum(p => p.numel());

    [Fact]
    public void Generator_for_one_channel_has_MUNITs_exact_parameter_count_module_by_module()
    {
        // SPEC 6, dim 64, style 8, MLP 256, 1 channel; every convolution and linear layer has a bias, instance norm has no
        // affine, AdaIN takes its scale and bias from the MLP, the decoder's layer norms have a per-channel affine.
        long Residual(long width) => 4 * 2 * Conv(width, width, 3);
        const long adainParameters = 4 * 2 * 256 * 2; // 4 res blocks x 2 AdaIN layers x 256 channels x (bias, scale)
        var expected = new Dictionary<string, long>
        {
            ["contentEncoder.downsampling"] = Conv(1, 64, 7) + Conv(64, 128, 4) + Conv(128, 256, 4),
            ["contentEncoder.residual"] = Residual(256),
            ["styleEncoder.blocks"] = Conv(1, 64, 7) + Conv(64, 128, 4) + Conv(128, 256, 4) + Conv(256, 256, 4) + Conv(256, 256, 4),
            ["styleEncoder.project"] = Conv(256, 8, 1),
            ["decoder.residual"] = Residual(256),
            ["decoder.upsampling"] = Conv(256, 128, 5) + AffineNorm(128) + Conv(128, 64, 5) + AffineNorm(64),
            ["decoder.toImage"] = Conv(64, 1, 7),
            ["mlp.input"] = Linear(8, 256),
            ["mlp.hidden"] = Linear(256, 256),
            ["mlp.output"] = Linear(256, adainParameters),
        };
        using var generator = new MunitGenerator(new MunitGeneratorOptions(1));
        Assert.Equal(expected.OrderBy(e => e.Key), ByModule(generator, 2).OrderBy(e => e.Key));
        Assert.Equal(15_007_369, expected.Values.Sum());
        Assert.Equal(15_007_369, CountParameters(generator));
    }

    [Fact]
    public void Single_scale_discriminator_for_one_channel_has_MUNITs_exact_parameter_count_module_by_module()
    {
        // conv4x4 stride 2: 1 -> 64 -> 128 -> 256 -> 512, then a 1x1 convolution to one score; all with biases.
        var expected = new Dictionary<string, long>
        {
            ["blocks"] = Conv(1, 64, 4) + Conv(64, 128, 4) + Conv(128, 256, 4) + Conv(256, 512, 4),
            ["score"] = Conv(512, 1, 1),
        };
        using var discriminator = new MunitDiscriminator(new MunitDiscriminatorOptions(1));
        Assert.Equal(expected.OrderBy(e => e.Key), ByModule(discriminator, 1).OrderBy(e => e.Key));
        Assert.Equal(2_755_009, expected.Values.Sum());
        Assert.Equal(2_755_009, CountParameters(discriminator));
    }

    [Theory]
    [InlineData(1, 28, 7, 1)]
    [InlineData(3, 28, 7, 1)]
    [InlineData(1, 32, 8, 2)]
    [InlineData(3, 32, 8, 2)]
    public void Codes_images_and_patch_scores_have_the_expected_shapes(int channels, int size, int contentSize, int patchSize)
    {
        using var generator = new MunitGenerator(new MunitGeneratorOptions(channels));
        using var discriminator = new MunitDiscriminator(new MunitDiscriminatorOptions(channels));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = rand(2, channels, size, size) * 2 - 1;

        var (content, style) = generator.Encode(x);
        var image = generator.Decode(content, style);
        var score = discriminator.forward(x);

        Assert.Equal(new long[] { 2, 256, contentSize, contentSize }, content.shape);
        Assert.Equal(new long[] { 2, 8, 1, 1 }, style.shape);
        Assert.Equal(x.shape, image.shape);
        Assert.True(image.abs().max().item<float>() <= 1f, "tanh output stays in [-1, 1]");
        Assert.Equal(new long[] { 2, 1, patchSize, patchSize }, score.shape);
    }

    [Fact]
    public void Layer_norm_divides_by_the_unbiased_std_plus_eps_then_applies_the_channel_affine()
    {
        using var norm = new MunitLayerNorm("ln", 2);
        using (no_grad())
        {
            norm.Gamma.copy_(tensor(new[] { 2f, 0.5f }));
            norm.Beta.copy_(tensor(new[] { 1f, -1f }));
        }
        // Sample 0 holds 1..6 over (C=2, H=1, W=3); sample 1 holds 0, 0, 0, 0, 0, 12.
        var values = new float[] { 1, 2, 3, 4, 5, 6, 0, 0, 0, 0, 0, 12 };
        using var x = tensor(values, [2, 2, 1, 3]);
        using var y = norm.forward(x);
        var actual = y.data<float>().ToArray();

        var gamma = new[] { 2.0, 0.5 };
        var beta = new[] { 1.0, -1.0 };
        for (var sample = 0; sample < 2; sample++)
        {
            var slice = values.Skip(sample * 6).Take(6).Select(v => (double)v).ToArray();
            var mean = slice.Average();
            var std = Math.Sqrt(slice.Sum(v => (v - mean) * (v - mean)) / (slice.Length - 1)); // unbiased
            for (var i = 0; i < 6; i++)
            {
                var channel = i / 3;
                var expected = (slice[i] - mean) / (std + 1e-5) * gamma[channel] + beta[channel];
                Assert.Equal(expected, actual[sample * 6 + i], 1e-4);
            }
        }
        // Hand value: sample 0, first pixel: (1 - 3.5) / (sqrt(3.5) + 1e-5) * 2 + 1 = -1.672628...
        Assert.Equal(-1.672628, actual[0], 1e-4);
    }

    [Fact]
    public void AdaIN_normalises_each_sample_and_channel_then_applies_the_given_mean_and_std()
    {
        // Two samples, two channels, 2x2 planes.
        var values = new float[] { 1, 2, 3, 4, /**/ 10, 10, 14, 14, /**/ -1, 1, -1, 1, /**/ 0, 0, 0, 8 };
        using var x = tensor(values, [2, 2, 2, 2]);
        using var mean = tensor(new float[] { 10, -3, 0, 5 }, [2, 2]);
        using var std = tensor(new float[] { 2, 0.5f, 1, 3 }, [2, 2]);

        using var y = AdaptiveInstanceNorm.Apply(x, mean, std);
        var actual = y.data<float>().ToArray();

        for (var plane = 0; plane < 4; plane++)
        {
            var slice = values.Skip(plane * 4).Take(4).Select(v => (double)v).ToArray();
            var m = slice.Average();
            var variance = slice.Sum(v => (v - m) * (v - m)) / 4; // biased, as batch_norm in training mode
            for (var i = 0; i < 4; i++)
            {
                var expected = (slice[i] - m) / Math.Sqrt(variance + 1e-5) * std.data<float>()[plane] + mean.data<float>()[plane];
                Assert.Equal(expected, actual[plane * 4 + i], 1e-4);
            }
        }
        // Hand value: plane [1,2,3,4] has mean 2.5 and variance 1.25, so 1 -> -1.5/sqrt(1.25) * 2 + 10 = 7.316719...
        Assert.Equal(7.316719, actual[0], 1e-4);
    }

    [Fact]
    public void Decoding_one_content_with_different_styles_gives_different_images()
    {
        using var generator = new MunitGenerator(new MunitGeneratorOptions(1));
        using var init = new Generator(7);
        MunitInit.Kaiming(generator, init);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var content = generator.EncodeContent(rand(1, 1, 28, 28, generator: init) * 2 - 1);

        var first = generator.Decode(content, randn([1, 8, 1, 1], generator: init));
        var second = generator.Decode(content, randn([1, 8, 1, 1], generator: init));

        Assert.True((first - second).abs().max().item<float>() > 1e-3f);
    }

    [Fact]
    public void Kaiming_init_uses_fan_in_std_zero_biases_and_uniform_layer_norm_gammas()
    {
        using var generator = new MunitGenerator(new MunitGeneratorOptions(1));
        using var random = new Generator(11);
        MunitInit.Kaiming(generator, random);

        var weights = generator.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        // A 256->256 3x3 conv: fan_in 2304, std sqrt(2/2304) = 0.029463; 589,824 draws pin it within 1%.
        var resConv = weights["contentEncoder.residual.0.first.conv.weight"];
        Assert.Equal(Math.Sqrt(2.0 / 2304), resConv.std().item<float>(), 0.01 * Math.Sqrt(2.0 / 2304));
        Assert.All(weights.Where(p => p.Key.EndsWith("bias")), p => Assert.Equal(0f, p.Value.abs().max().item<float>()));
        var gammas = weights.Where(p => p.Key.EndsWith("gamma")).Select(p => p.Value).ToArray();
        Assert.Equal(2, gammas.Length);
        Assert.All(gammas, g => Assert.True(g.min().item<float>() >= 0f && g.max().item<float>() <= 1f && g.std().item<float>() > 0.1f));
    }

    [Fact]
    public void Gaussian_init_draws_discriminator_weights_with_std_0_02()
    {
        using var discriminator = new MunitDiscriminator(new MunitDiscriminatorOptions(1));
        using var random = new Generator(5);
        MunitInit.Gaussian(discriminator, random);
        var biggest = discriminator.named_parameters().First(p => p.name == "blocks.3.conv.weight").parameter;
        Assert.Equal(0.02, biggest.std().item<float>(), 0.0002);
        Assert.All(discriminator.named_parameters().Where(p => p.name.EndsWith("bias")),
            p => Assert.Equal(0f, p.parameter.abs().max().item<float>()));
    }

    [Fact]
    public void LSGAN_losses_follow_their_definitions()
    {
        using var discriminator = new MunitDiscriminator(new MunitDiscriminatorOptions(1));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var fake = rand(2, 1, 28, 28) * 2 - 1;
        var real = rand(2, 1, 28, 28) * 2 - 1;
        var dFake = discriminator.forward(fake);
        var dReal = discriminator.forward(real);

        var expectedDis = dFake.square().mean().item<float>() + (dReal - 1).square().mean().item<float>();
        var expectedGen = (dFake - 1).square().mean().item<float>();

        Assert.Equal(expectedDis, discriminator.CalcDisLoss(fake, real).item<float>(), 5);
        Assert.Equal(expectedGen, discriminator.CalcGenLoss(fake).item<float>(), 5);
    }
}

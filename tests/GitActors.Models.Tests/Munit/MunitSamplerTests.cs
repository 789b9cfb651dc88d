using GitActors.Models.Data;
using GitActors.Models.Training.Munit;
using static TorchSharp.torch;

namespace GitActors.Models.Tests.Munit;

public class MunitSamplerTests
{
    [Theory]
    [InlineData(1, 28)]
    [InlineData(3, 32)]
    public void Samples_keep_the_shape_vary_with_the_style_and_repeat_with_the_seed(int channels, int size)
    {
        var shape = new ImageShape(channels, size, size);
        var path = MunitTestData.TempFile("gen.ckpt");
        try
        {
            using (var trainer = new MunitTrainer(MunitTrainerOptions.ForImages(shape), seed: 5)) trainer.SaveGeneratorA(path);
            using var sampler = MunitSampler.Load(path);
            Assert.Equal(shape, sampler.Image);
            using var scope = NewDisposeScope();
            var x = rand(3, channels, size, size) * 2 - 1;

            using var random = new Generator(42);
            var first = sampler.Sample(x, random);
            var second = sampler.Sample(x, random);
            using var replay = new Generator(42);
            var again = sampler.Sample(x, replay);

            Assert.Equal(x.shape, first.shape);
            Assert.True((first - second).abs().max().item<float>() > 1e-3f, "a new style must change the image");
            Assert.True(MunitTestData.Same(first, again), "the same style seed must give the same samples");
            Assert.False(first.requires_grad);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Sampler_decodes_the_inputs_content_with_a_style_drawn_from_the_given_generator()
    {
        var shape = new ImageShape(1, 28, 28);
        var path = MunitTestData.TempFile("gen.ckpt");
        try
        {
            using var trainer = new MunitTrainer(MunitTrainerOptions.ForImages(shape), seed: 8);
            trainer.SaveGeneratorA(path);
            using var sampler = MunitSampler.Load(path);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var x = rand(2, 1, 28, 28) * 2 - 1;

            var sampled = sampler.Sample(x, new Generator(3));
            var style = randn([2, 8, 1, 1], generator: new Generator(3));
            var expected = trainer.GeneratorA.Decode(trainer.GeneratorA.EncodeContent(x), style);

            Assert.True((sampled - expected).abs().max().item<float>() < 1e-5f);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Pixel_mapping_converts_between_classifier_and_MUNIT_ranges()
    {
        // Pixel 51 is 0.2 of full scale: classifier (0.2 - 0.5) / 0.25 = -1.2; MUNIT 0.2 * 2 - 1 = -0.6.
        var mapping = new MunitPixelMapping([0.5f], [0.25f]);
        using var classifier = full(new long[] { 1, 1, 2, 2 }, -1.2f);
        using var munit = mapping.ToMunit(classifier);
        using var back = mapping.ToClassifier(munit);
        Assert.All(munit.data<float>().ToArray(), v => Assert.Equal(-0.6, v, 1e-6));
        Assert.All(back.data<float>().ToArray(), v => Assert.Equal(-1.2, v, 1e-6));
        Assert.Throws<ArgumentException>(() => mapping.ToMunit(zeros(1, 3, 2, 2)));
    }
}

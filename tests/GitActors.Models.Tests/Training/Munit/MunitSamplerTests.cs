using GitActors.Models.Storage;
using static TorchSharp.torch;

namespace GitActors.Models.Tests.Training.Munit;

[Collection(GitActors.Models.Tests.Torch.TorchGlobalRngCollection.Name)]
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
            using (var trainer = new MunitTrainer(MunitTrainerOptions.ForImages(shape), seed: 5)) AtomicFile.Write(path, file => trainer.SaveTranslator(file, MunitTranslation.AToB));
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

    [Theory]
    [InlineData(MunitTranslation.AToB)]
    [InlineData(MunitTranslation.SameGenerator)]
    public void Sampler_encodes_content_with_gen_a_and_decodes_a_drawn_style_with_the_translations_decoder(MunitTranslation translation)
    {
        var shape = new ImageShape(1, 28, 28);
        var path = MunitTestData.TempFile("gen.ckpt");
        try
        {
            using var trainer = new MunitTrainer(MunitTrainerOptions.ForImages(shape), seed: 8);
            AtomicFile.Write(path, file => trainer.SaveTranslator(file, translation));
            using var sampler = MunitSampler.Load(path);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var x = rand(2, 1, 28, 28) * 2 - 1;

            var sampled = sampler.Sample(x, new Generator(3));
            var style = randn([2, 8, 1, 1], generator: new Generator(3));
            var decoder = translation == MunitTranslation.AToB ? trainer.GeneratorB : trainer.GeneratorA;
            var expected = decoder.Decode(trainer.GeneratorA.EncodeContent(x), style);
            var otherDecoder = translation == MunitTranslation.AToB ? trainer.GeneratorA : trainer.GeneratorB;
            var other = otherDecoder.Decode(trainer.GeneratorA.EncodeContent(x), style);

            Assert.Equal(translation, sampler.Translation);
            Assert.True((sampled - expected).abs().max().item<float>() < 1e-5f);
            Assert.True((sampled - other).abs().max().item<float>() > 1e-2f, "the two generators' decoders differ at init");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_trainer_checkpoint_samples_as_the_papers_a_to_b_unless_told_otherwise()
    {
        var shape = new ImageShape(1, 28, 28);
        var path = MunitTestData.TempFile("trainer.ckpt");
        try
        {
            using var trainer = new MunitTrainer(MunitTrainerOptions.ForImages(shape), seed: 4);
            AtomicFile.Write(path, file => trainer.Save(file));
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var x = rand(2, 1, 28, 28) * 2 - 1;
            var style = randn([2, 8, 1, 1], generator: new Generator(9));
            var content = trainer.GeneratorA.EncodeContent(x);

            using (var paper = MunitSampler.Load(path))
            {
                Assert.Equal(MunitTranslation.AToB, paper.Translation);
                var expected = trainer.GeneratorB.Decode(content, style);
                Assert.True((paper.Sample(x, new Generator(9)) - expected).abs().max().item<float>() < 1e-5f);
            }
            using (var reference = MunitSampler.Load(path, translation: MunitTranslation.SameGenerator))
            {
                Assert.Equal(MunitTranslation.SameGenerator, reference.Translation);
                var expected = trainer.GeneratorA.Decode(content, style);
                Assert.True((reference.Sample(x, new Generator(9)) - expected).abs().max().item<float>() < 1e-5f);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_generator_file_is_the_translation_it_records_and_refuses_another()
    {
        var path = MunitTestData.TempFile("gen.ckpt");
        try
        {
            using (var trainer = new MunitTrainer(MunitTrainerOptions.ForImages(new ImageShape(1, 28, 28)), seed: 2))
                AtomicFile.Write(path, file => trainer.SaveTranslator(file, MunitTranslation.SameGenerator));

            var error = Assert.Throws<InvalidDataException>(() => MunitSampler.Load(path, translation: MunitTranslation.AToB));

            Assert.Contains(path, error.Message);
            Assert.Contains("same-generator", error.Message);
            using var same = MunitSampler.Load(path, translation: MunitTranslation.SameGenerator);
            Assert.Equal(MunitTranslation.SameGenerator, same.Translation);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_version_1_generator_file_holds_gen_a_alone_and_loads_as_same_generator()
    {
        var shape = new ImageShape(1, 28, 28);
        var path = MunitTestData.TempFile("gen-v1.ckpt");
        try
        {
            using var trainer = new MunitTrainer(MunitTrainerOptions.ForImages(shape), seed: 6);
            var options = trainer.Options.Generator;
            // Version 1's layout: magic, version, image shape, generator options, gen_a's weights.
            using (var writer = new BinaryWriter(File.Create(path)))
            {
                writer.Write("GITACTORS-MUNIT-GENERATOR");
                writer.Write(1);
                foreach (var value in new[] { shape.Channels, shape.Height, shape.Width }) writer.Write(value);
                foreach (var value in new[] { options.InputChannels, options.Dim, options.StyleDim, options.MlpDim, options.Downsamplings, options.ResBlocks })
                    writer.Write(value);
                trainer.GeneratorA.save(writer);
            }

            using var sampler = MunitSampler.Load(path);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var x = rand(2, 1, 28, 28) * 2 - 1;
            var style = randn([2, 8, 1, 1], generator: new Generator(5));
            var expected = trainer.GeneratorA.Decode(trainer.GeneratorA.EncodeContent(x), style);

            Assert.Equal(MunitTranslation.SameGenerator, sampler.Translation);
            Assert.True((sampler.Sample(x, new Generator(5)) - expected).abs().max().item<float>() < 1e-5f);
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

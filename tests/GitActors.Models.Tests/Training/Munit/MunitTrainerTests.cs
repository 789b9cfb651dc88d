using GitActors.Models.Storage;
using static TorchSharp.torch;

namespace GitActors.Models.Tests.Training.Munit;

[Collection(GitActors.Models.Tests.Torch.TorchGlobalRngCollection.Name)]
public class MunitTrainerTests
{
    private static readonly ImageShape Mnist = new(1, 28, 28);

    private static Dictionary<string, Tensor> Snapshot(nn.Module module) =>
        module.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());

    private static bool Changed(nn.Module module, Dictionary<string, Tensor> before) =>
        module.named_parameters().Any(p => !MunitTestData.Same(p.parameter, before[p.name]));

    [Fact]
    public void One_step_on_a_four_image_batch_updates_all_four_networks_with_finite_losses()
    {
        var images = MunitTestData.Blobs([6, 2], Mnist);
        var stream = new MunitDataStream(images, Rng.ForStream(1, "munit-a"), batchSize: 4);
        using var trainer = new MunitTrainer(MunitTrainerOptions.ForImages(Mnist), seed: 1);
        var before = new nn.Module[] { trainer.GeneratorA, trainer.GeneratorB, trainer.DiscriminatorA, trainer.DiscriminatorB }
            .Select(m => (Module: m, Weights: Snapshot(m))).ToArray();

        using var xA = stream.Next();
        using var xB = stream.Next();
        var losses = trainer.Step(xA, xB);

        Assert.True(losses.AllFinite(), losses.ToString());
        Assert.Equal(0, losses.Iteration);
        Assert.Equal(1e-4, losses.Lr);
        Assert.Equal(1, trainer.Iteration);
        Assert.True(losses.ReconXA > 0 && losses.GenAdvA > 0 && losses.DisA > 0, losses.ToString());
        Assert.Equal(0, losses.CycReconXA);
        var expectedTotal = (losses.GenAdvA + losses.GenAdvB) + 10 * (losses.ReconXA + losses.ReconXB)
                            + (losses.ReconSA + losses.ReconSB) + (losses.ReconCA + losses.ReconCB);
        Assert.Equal(expectedTotal, losses.GenTotal, 1e-4 * expectedTotal);
        Assert.Equal(losses.DisA + losses.DisB, losses.DisTotal, 1e-5);
        Assert.All(before, b => Assert.True(Changed(b.Module, b.Weights), $"{b.Module.GetName()} did not change"));
    }

    [Fact]
    public void Same_seed_gives_the_same_initial_weights_and_another_seed_does_not()
    {
        using var first = new MunitTrainer(MunitTrainerOptions.ForImages(Mnist), seed: 3);
        using var second = new MunitTrainer(MunitTrainerOptions.ForImages(Mnist), seed: 3);
        using var other = new MunitTrainer(MunitTrainerOptions.ForImages(Mnist), seed: 4);
        var weights = Snapshot(first.GeneratorA);
        Assert.False(Changed(second.GeneratorA, weights));
        Assert.True(Changed(other.GeneratorA, weights));
    }

    [Fact]
    public void Save_then_load_restores_outputs_optimizer_and_style_randomness()
    {
        var images = MunitTestData.Blobs([3, 2], Mnist);
        var stream = new MunitDataStream(images, new Rng(9));
        using var xA = stream.Next();
        using var xB = stream.Next();
        using var probe = stream.Next();
        var path = MunitTestData.TempFile("trainer.ckpt");
        try
        {
            using var original = new MunitTrainer(MunitTrainerOptions.ForImages(Mnist), seed: 21);
            original.Step(xA, xB);
            AtomicFile.Write(path, file => original.Save(file, new Dictionary<string, ulong[]> { ["stream"] = stream.RngState }));

            using var restored = new MunitTrainer(MunitTrainerOptions.ForImages(Mnist), seed: 99);
            var rngStates = restored.Load(path);

            Assert.Equal(stream.RngState, rngStates["stream"]);
            Assert.Equal(1, restored.Iteration);
            using (no_grad())
            using (var expected = original.GeneratorA.forward(probe))
            using (var actual = restored.GeneratorA.forward(probe))
                Assert.True(MunitTestData.Same(expected, actual));
            // A further step needs the Adam moments and the style generator's state to match exactly.
            var next = original.Step(xB, xA);
            var resumed = restored.Step(xB, xA);
            Assert.Equal(next, resumed);
            Assert.False(Changed(restored.GeneratorB, Snapshot(original.GeneratorB)));
            Assert.False(Changed(restored.DiscriminatorA, Snapshot(original.DiscriminatorA)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Loading_a_foreign_file_names_the_file()
    {
        var path = MunitTestData.TempFile("garbage.ckpt");
        File.WriteAllBytes(path, "not a checkpoint at all"u8.ToArray());
        try
        {
            using var trainer = new MunitTrainer(MunitTrainerOptions.ForImages(Mnist), seed: 1);
            var error = Assert.Throws<InvalidDataException>(() => trainer.Load(path));
            Assert.Contains(path, error.Message);
            var samplerError = Assert.Throws<InvalidDataException>(() => MunitSampler.Load(path));
            Assert.Contains(path, samplerError.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Loading_a_checkpoint_for_other_images_is_refused()
    {
        var path = MunitTestData.TempFile("rgb.ckpt");
        try
        {
            using (var rgb = new MunitTrainer(MunitTrainerOptions.ForImages(new ImageShape(3, 32, 32)), seed: 1)) AtomicFile.Write(path, file => rgb.Save(file));
            using var gray = new MunitTrainer(MunitTrainerOptions.ForImages(Mnist), seed: 1);
            var error = Assert.Throws<InvalidDataException>(() => gray.Load(path));
            Assert.Contains("3x32x32", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(0, 1e-4)]
    [InlineData(99_999, 1e-4)]
    [InlineData(100_000, 5e-5)]
    [InlineData(199_999, 5e-5)]
    [InlineData(200_000, 2.5e-5)]
    public void Learning_rate_halves_every_100k_iterations(long iteration, double expected)
    {
        Assert.Equal(expected, MunitLrSchedule.LearningRate(new MunitHyperParameters(), iteration), 1e-15);
    }

    [Fact]
    public void The_perceptual_loss_is_refused_rather_than_silently_ignored()
    {
        var options = MunitTrainerOptions.ForImages(Mnist) with { Hyper = new MunitHyperParameters(VggWeight: 1) };
        Assert.Throws<NotSupportedException>(() => new MunitTrainer(options, seed: 1));
    }
}

using GitActors.Models.Networks.Munit;
using GitActors.Models.Storage;
using GitActors.Models.Tests.Training;
using GitActors.Models.Training.Bank;
using static TorchSharp.torch;

namespace GitActors.Models.Tests.Training.Bank;

/// <summary>Generating a bank with a small untrained generator: resumable from a block's checkpoint, batching-independent.</summary>
[Collection(GitActors.Models.Tests.Torch.TorchGlobalRngCollection.Name)]
public sealed class BankJobTests : IDisposable
{
    private static readonly ImageSet Train = TinyData.Bundle().Train;
    private readonly string _generator = Path.Combine(Path.GetTempPath(), $"gitactors-bank-gen-{Guid.NewGuid():N}.munit");

    public BankJobTests()
    {
        var options = MunitTrainerOptions.ForImages(Train.Shape) with
        {
            Generator = new MunitGeneratorOptions(1, Dim: 8, MlpDim: 16, ResBlocks: 1),
            Discriminator = new MunitDiscriminatorOptions(1, Dim: 8, Layers: 2),
        };
        using var trainer = new MunitTrainer(options, seed: 3);
        AtomicFile.Write(_generator, file => trainer.SaveTranslator(file, MunitTranslation.AToB));
    }

    public void Dispose() => File.Delete(_generator);

    /// <summary>Every third image gets no samples, the others 1-3.</summary>
    private static BankHeader Header(long seed = 11) =>
        new(Train.Shape, 3, seed, BankFixture.GeneratorSha, Enumerable.Range(0, Train.Count).Select(i => i % 3 == 0 ? 0 : 1 + i % 4 % 3).ToArray());

    private BankJob Job(int blocks, long seed = 11) => new(Train, Header(seed), blocks, MunitSampler.Load(_generator), CPU);

    private static void Run(BankJob job, int fromBlock)
    {
        for (var block = fromBlock; block <= job.Blocks; block++)
        {
            for (var step = 0; step < job.StepsPerBlock; step++) job.Step(block, step);
            job.CompleteBlock(block);
        }
    }

    private static byte[] BankBytes(BankJob job)
    {
        using var stream = new MemoryStream();
        job.SaveBank(stream);
        return stream.ToArray();
    }

    [Fact]
    public void A_job_resumed_from_a_block_checkpoint_writes_the_bank_an_uninterrupted_one_writes()
    {
        using var straight = Job(blocks: 3);
        Run(straight, 1);
        var expected = BankBytes(straight);

        using var interrupted = Job(blocks: 3);
        for (var step = 0; step < interrupted.StepsPerBlock; step++) interrupted.Step(1, step);
        interrupted.CompleteBlock(1);
        using var checkpoint = new MemoryStream();
        interrupted.SaveCheckpoint(checkpoint);

        using var resumed = Job(blocks: 3);
        checkpoint.Position = 0;
        Assert.Equal(1, resumed.LoadCheckpoint(checkpoint, "test checkpoint"));
        Run(resumed, 2);

        Assert.Equal(expected, BankBytes(resumed));
        var bank = AugmentationBank.Parse(expected, "tiny.bank");
        Assert.Equal(Header().StylesPerImage, bank.Header.StylesPerImage);
        Assert.NotEqual(bank.Sample(1, 0).ToArray(), bank.Sample(1, 1).ToArray());
    }

    [Fact]
    public void A_sample_depends_on_its_image_and_style_index_not_on_how_the_work_was_cut()
    {
        using var one = Job(blocks: 1);
        using var five = Job(blocks: 5);
        Run(one, 1);
        Run(five, 1);
        var a = AugmentationBank.Parse(BankBytes(one), "one.bank");
        var b = AugmentationBank.Parse(BankBytes(five), "five.bank");

        // Other batch shapes may move the float sums in the last bit, so a grey level may round the other way.
        for (var image = 0; image < Train.Count; image++)
            for (var style = 0; style < a.StylesOf(image); style++)
            {
                var (x, y) = (a.Sample(image, style).ToArray(), b.Sample(image, style).ToArray());
                Assert.True(x.Zip(y).All(p => Math.Abs(p.First - p.Second) <= 1), $"sample {style} of image {image} differs");
            }
    }

    [Fact]
    public void A_checkpoint_of_another_bank_or_an_unfinished_bank_is_refused()
    {
        using var job = Job(blocks: 2);
        for (var step = 0; step < job.StepsPerBlock; step++) job.Step(1, step);
        job.CompleteBlock(1);
        using var checkpoint = new MemoryStream();
        job.SaveCheckpoint(checkpoint);
        Assert.Throws<InvalidOperationException>(() => job.SaveBank(new MemoryStream()));

        using var other = Job(blocks: 2, seed: 12);
        checkpoint.Position = 0;
        Assert.Contains("another bank", Assert.Throws<InvalidDataException>(() => other.LoadCheckpoint(checkpoint, "ckpt")).Message);
        Assert.Throws<InvalidOperationException>(() => other.Step(2, 0));   // steps come in order
    }

    [Fact]
    public void The_file_name_changes_with_every_input_that_decides_the_bytes()
    {
        var data = new DataSpec("fmnist-dil-lt");
        var name = BankJob.FileName(BankFixture.GeneratorSha, data, 1, 8, [8, 2, 1]);

        Assert.Matches("^bank-[0-9a-f]{16}\\.bank$", name);
        Assert.Equal(name, BankJob.FileName(BankFixture.GeneratorSha, data, 1, 8, [8, 2, 1]));
        Assert.NotEqual(name, BankJob.FileName(new string('b', 64), data, 1, 8, [8, 2, 1]));
        Assert.NotEqual(name, BankJob.FileName(BankFixture.GeneratorSha, data with { Ordering = 1 }, 1, 8, [8, 2, 1]));
        Assert.NotEqual(name, BankJob.FileName(BankFixture.GeneratorSha, data, 2, 8, [8, 2, 1]));
        Assert.NotEqual(name, BankJob.FileName(BankFixture.GeneratorSha, data, 1, 4, [4, 1, 1]));
    }
}

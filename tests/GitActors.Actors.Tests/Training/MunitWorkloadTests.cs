using GitActors.Models.Networks.Munit;

namespace GitActors.Actors.Tests.Training;

public sealed class MunitWorkloadTests
{
    private static ImageSet Images()
    {
        var shape = new ImageShape(1, 16, 16);
        var pixels = new byte[12 * shape.PixelCount];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 37 % 251);
        return new ImageSet(pixels, [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2], shape, 3);
    }

    private static RunConfig Config => TinyMunitJob.Config(new DataSpec("tiny"), seed: 5, steps: 4);

    private static List<double> Train(MunitWorkload workload, int fromEpoch, int toEpoch)
    {
        var losses = new List<double>();
        var source = workload.CreateBatchSource();
        for (var epoch = fromEpoch; epoch <= toEpoch; epoch++)
        {
            workload.BeginEpoch(epoch);
            for (var step = 0; step < source.StepsPerEpoch; step++) losses.Add(workload.TrainStep(source.Build(epoch, step)));
        }
        return losses;
    }

    [Fact]
    public void A_job_resumed_from_a_block_checkpoint_continues_exactly_as_an_uninterrupted_one()
    {
        using var straight = MunitWorkload.Create(Config, Images(), "cpu", null);
        Assert.Equal((2, 1), (straight.TotalEpochs, straight.StartEpoch));
        var expected = Train(straight, 1, 2);

        using var first = MunitWorkload.Create(Config, Images(), "cpu", null);
        var before = Train(first, 1, 1);
        using var checkpoint = new MemoryStream();
        first.SaveCheckpoint(checkpoint, 1);
        checkpoint.Position = 0;
        using var resumed = MunitWorkload.Create(Config, Images(), "cpu", checkpoint);

        Assert.Equal(2, resumed.StartEpoch);
        Assert.Equal(expected, before.Concat(Train(resumed, 2, 2)));
        using var generator = new MemoryStream();
        resumed.SaveArtifact(generator);
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, generator.ToArray());
            using var sampler = MunitSampler.Load(path);
            Assert.Equal(new ImageShape(1, 16, 16), sampler.Image);
            Assert.Equal(Config.Munit!.Translation, sampler.Translation);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Steps_that_do_not_fill_whole_blocks_are_refused() =>
        Assert.Throws<ArgumentException>(() => MunitWorkload.Create(
            Config with { Munit = Config.Munit! with { Steps = 5 } }, Images(), "cpu", null));
}

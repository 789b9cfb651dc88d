namespace GitActors.Models.Tests.Training.Munit;

[Collection(GitActors.Models.Tests.Torch.TorchGlobalRngCollection.Name)]
public class MunitDataStreamTests
{
    [Fact]
    public void Sampling_is_class_balanced_whatever_the_class_sizes()
    {
        var images = MunitTestData.Blobs([90, 10, 0, 2], new ImageShape(1, 4, 4));
        var stream = new MunitDataStream(images, new Rng(1));
        var counts = new int[4];
        for (var i = 0; i < 6000; i++) counts[images.Labels[stream.NextIndex()]]++;
        // Three non-empty classes, each drawn with p = 1/3 (sd of a count ~ 37).
        Assert.Equal(0, counts[2]);
        Assert.All(new[] { counts[0], counts[1], counts[3] }, c => Assert.InRange(c, 1800, 2200));
    }

    [Fact]
    public void Pixels_are_scaled_to_minus_one_one_and_flipped_left_right()
    {
        var shape = new ImageShape(1, 1, 3);
        var target = new float[3];
        MunitDataStream.Scale([0, 51, 255], target, shape, flip: false);
        Assert.Equal(new[] { -1f, -0.6f, 1f }, target.Select(v => MathF.Round(v, 5)));
        MunitDataStream.Scale([0, 51, 255], target, shape, flip: true);
        Assert.Equal(new[] { 1f, -0.6f, -1f }, target.Select(v => MathF.Round(v, 5)));
    }

    [Fact]
    public void Batches_have_the_image_shape_and_about_half_are_flipped()
    {
        var shape = new ImageShape(1, 2, 2);
        // One asymmetric image: a flip is visible.
        var images = new ImageSet([0, 255, 0, 255], [0], shape, 1);
        var stream = new MunitDataStream(images, new Rng(2), batchSize: 200);
        using var batch = stream.Next();
        Assert.Equal(new long[] { 200, 1, 2, 2 }, batch.shape);
        var firstPixels = batch[.., 0, 0, 0].data<float>().ToArray();
        Assert.All(firstPixels, v => Assert.True(v == -1f || v == 1f));
        Assert.InRange(firstPixels.Count(v => v == 1f), 70, 130);
    }

    [Fact]
    public void A_stream_resumed_from_its_rng_state_continues_identically()
    {
        var images = MunitTestData.Blobs([5, 3], new ImageShape(1, 4, 4));
        var stream = new MunitDataStream(images, new Rng(3));
        stream.NextIndex();
        var resumed = new MunitDataStream(images, Rng.FromState(stream.RngState));
        using var expected = stream.Next();
        using var actual = resumed.Next();
        Assert.True(MunitTestData.Same(expected, actual));
    }
}

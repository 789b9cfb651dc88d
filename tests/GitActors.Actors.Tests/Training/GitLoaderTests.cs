namespace GitActors.Actors.Tests.Training;

public sealed class GitLoaderTests : EngineTestKit
{
    private static readonly ImageShape Shape = new(1, 2, 2);
    private static readonly LearnedAugmentation Learned = new(new GeneratorRef("job", "/g.munit", "ab"), Shape, [0.5f], [0.25f], Seed: 9);

    /// <summary>Batches of 3 rows of 4 pixels; row r of (epoch, step) holds 100 e + 10 s + r; rows 0 and 2 go to T~ on even steps.</summary>
    private sealed class RowSource : IBatchSource
    {
        public int StepsPerEpoch => 4;

        public Batch Build(int epoch, int step) => new(epoch, step,
            Enumerable.Range(0, 12).Select(i => 100f * epoch + 10 * step + i / 4).ToArray(), [0, 1, 2], [0, 1, 2],
            step % 2 == 0 ? [0, 2] : []);
    }

    [Fact]
    public void Requests_carry_only_the_GIT_rows_with_a_seed_from_run_epoch_and_step_and_responses_replace_exactly_those_rows()
    {
        var augmentation = new LoaderAugmentation(ActorRefs.Nobody, Learned);
        var batch = new RowSource().Build(2, 0);

        var request = augmentation.Request(1, batch);
        var again = augmentation.Request(2, new RowSource().Build(2, 0));
        var otherStep = augmentation.Request(3, new RowSource().Build(2, 2));

        Assert.Equal((2, 8), (request.Count, request.Images.Length));
        Assert.Equal([200f, 200, 200, 200, 202, 202, 202, 202], request.Images);
        Assert.Equal(request.Seed, again.Seed);                // a resumed run asks for the same styles
        Assert.NotEqual(request.Seed, otherStep.Seed);
        var applied = augmentation.Apply(batch, new AugmentResponse(1, [-1f, -1, -1, -1, -3, -3, -3, -3], 2));
        Assert.Equal([-1f, -1, -1, -1, 201, 201, 201, 201, -3, -3, -3, -3], applied.Images);
        Assert.Empty(applied.AugmentRows);
        Assert.Equal(200f, batch.Images[0]);                   // the loader's batch is not modified in place
    }

    [Fact]
    public void The_loader_hands_batches_on_in_order_even_when_the_pool_answers_out_of_order()
    {
        var pool = CreateTestProbe();
        var loader = Sys.ActorOf(DataLoader.Props(new RowSource(), startEpoch: 1, totalEpochs: 1, prefetch: 4,
            new LoaderAugmentation(pool.Ref, Learned)));

        loader.Tell(new RequestBatches(4));
        var first = pool.ExpectMsg<AugmentRequest>();          // step 0
        var third = pool.ExpectMsg<AugmentRequest>();          // step 2
        ExpectNothingMoreFrom(loader);                         // step 1 is ready but waits behind step 0
        pool.Reply(new AugmentResponse(third.RequestId, Enumerable.Repeat(-2f, 8).ToArray(), 2));
        ExpectNothingMoreFrom(loader);                         // step 2 is transformed, still behind step 0
        loader.Tell(new AugmentResponse(first.RequestId, Enumerable.Repeat(-1f, 8).ToArray(), 2), pool.Ref);

        var batches = Enumerable.Range(0, 4).Select(_ => ExpectMsg<Batch>()).ToList();
        Assert.Equal([0, 1, 2, 3], batches.Select(b => b.Step));
        Assert.All(batches, b => Assert.Empty(b.AugmentRows));
        Assert.Equal(-1f, batches[0].Images[0]);
        Assert.Equal(110f, batches[1].Images[0]);
        Assert.Equal(-2f, batches[2].Images[11]);
    }

    [Fact]
    public void A_failed_augmentation_fails_the_batch_with_the_pools_reason()
    {
        var pool = CreateTestProbe();
        var loader = Sys.ActorOf(DataLoader.Props(new RowSource(), 1, 1, 2, new LoaderAugmentation(pool.Ref, Learned)));

        loader.Tell(new RequestBatches(2));
        var request = pool.ExpectMsg<AugmentRequest>();
        pool.Reply(new AugmentFailed(request.RequestId, "generator file is missing"));

        var failed = ExpectMsg<BatchFailed>();
        Assert.Equal((1, 0), (failed.Epoch, failed.Step));
        Assert.Contains("generator file is missing", failed.Reason);
    }
}

namespace GitActors.Actors.Tests.Training;

public sealed class DataLoaderTests : EngineTestKit
{
    [Fact]
    public void The_loader_sends_no_more_than_the_prefetch_depth_however_much_is_asked()
    {
        var source = new FakeBatchSource(stepsPerEpoch: 10);
        var loader = Sys.ActorOf(DataLoader.Props(source, startEpoch: 1, totalEpochs: 2, prefetch: 4));

        loader.Tell(new RequestBatches(10));
        var first = Enumerable.Range(0, 4).Select(_ => ExpectMsg<Batch>()).ToList();
        ExpectNothingMoreFrom(loader);
        Assert.Equal(4, source.Built);

        loader.Tell(new RequestBatches(1));
        var fifth = ExpectMsg<Batch>();
        ExpectNothingMoreFrom(loader);
        Assert.Equal(5, source.Built);
        Assert.Equal([0, 1, 2, 3, 4], first.Append(fifth).Select(b => b.Step));
    }

    [Fact]
    public void Batches_come_in_epoch_and_step_order_from_the_start_epoch_across_epochs_and_stop_after_the_last()
    {
        var loader = Sys.ActorOf(DataLoader.Props(new FakeBatchSource(stepsPerEpoch: 3), startEpoch: 2, totalEpochs: 4, prefetch: 2));

        var received = new List<(int, int)>();
        loader.Tell(new RequestBatches(2));
        for (var i = 0; i < 9; i++)
        {
            var batch = ExpectMsg<Batch>();
            received.Add((batch.Epoch, batch.Step));
            loader.Tell(new RequestBatches(1)); // one consumed, one more wanted: as the trainer does
        }
        ExpectNothingMoreFrom(loader);

        Assert.Equal([(2, 0), (2, 1), (2, 2), (3, 0), (3, 1), (3, 2), (4, 0), (4, 1), (4, 2)], received);
    }

    [Fact]
    public void A_batch_that_cannot_be_built_is_reported_and_ends_the_stream()
    {
        var loader = Sys.ActorOf(DataLoader.Props(new FakeBatchSource(3, failAt: (1, 1)), 1, 2, 4));

        loader.Tell(new RequestBatches(4));

        Assert.Equal(0, ExpectMsg<Batch>().Step);
        var failed = ExpectMsg<BatchFailed>();
        Assert.Equal((1, 1), (failed.Epoch, failed.Step));
        Assert.Contains("fake read error", failed.Reason);
        ExpectNothingMoreFrom(loader);
    }
}

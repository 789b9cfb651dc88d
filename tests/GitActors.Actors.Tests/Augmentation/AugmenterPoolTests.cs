using GitActors.Actors.Augmentation;
using GitActors.Models.Networks.Munit;
using GitActors.Models.Storage;

namespace GitActors.Actors.Tests.Augmentation;

public sealed class AugmenterPoolTests : EngineTestKit
{
    private static readonly ImageShape Shape = new(1, 16, 16);

    /// <summary>
    /// Negates its input once the gate opens, counting how many requests are being worked on at once (all augmenters
    /// together): the test holds the gate shut until the pool has handed out all it may, so concurrency is observed, not hoped for.
    /// </summary>
    private sealed class GatedNegation(Gate gate) : IStyleSampler
    {
        public float[] Transform(AugmentRequest request)
        {
            var now = Interlocked.Increment(ref gate.InFlight);
            lock (gate) gate.MaxInFlight = Math.Max(gate.MaxInFlight, now);
            if (!gate.Open.Wait(TimeSpan.FromMinutes(1))) throw new TimeoutException("the test never opened the gate");
            Interlocked.Decrement(ref gate.InFlight);
            return request.Images.Select(v => -v).ToArray();
        }

        public void Dispose() { }
    }

    private sealed class Gate
    {
        public int InFlight;
        public int MaxInFlight;

        public ManualResetEventSlim Open { get; } = new();
    }

    private static AugmentRequest Request(long id, GeneratorRef generator, int count = 3, ulong seed = 11) =>
        new(id, generator, Enumerable.Range(0, count * Shape.PixelCount).Select(i => (i % 17) / 8f - 1f).ToArray(),
            Shape, [0.2f], [0.3f], count, seed);

    private static readonly GeneratorRef Fake = new("job", "/nowhere/generator.munit", "00");

    [Fact]
    public async Task The_pool_answers_every_request_with_transformed_rows_of_the_same_shape_and_never_runs_more_than_the_limit_per_requester()
    {
        var gate = new Gate();
        var loads = 0;
        StyleSamplerLoader loader = (_, _) => { Interlocked.Increment(ref loads); return new GatedNegation(gate); };
        var pool = Sys.ActorOf(AugmenterPool.Props(new AugmenterSettings(PoolSize: 3, MaxInFlightPerRequester: 2), Augmenter.Props(loader, "cpu")));

        for (var i = 1; i <= 6; i++) pool.Tell(Request(i, Fake));
        // Two requests reach augmenters and are held there; the pool keeps the other four although a third augmenter is free.
        AwaitCondition(() => Volatile.Read(ref gate.InFlight) == 2, TimeSpan.FromSeconds(30));
        var held = await pool.Ask<AugmenterPoolStats>(GetAugmenterPoolStats.Instance, TimeSpan.FromSeconds(10));
        Assert.Equal((0L, 4), (held.Served, held.Queued));
        Assert.Equal(2, Volatile.Read(ref gate.InFlight));
        gate.Open.Set();
        var responses = Enumerable.Range(0, 6).Select(_ => ExpectMsg<AugmentResponse>(TimeSpan.FromSeconds(10))).ToList();

        Assert.Equal([1L, 2, 3, 4, 5, 6], responses.Select(r => r.RequestId).Order());
        var first = responses.Single(r => r.RequestId == 1);
        Assert.Equal((3, 3 * Shape.PixelCount), (first.Count, first.Images.Length));
        Assert.Equal(Request(1, Fake).Images.Select(v => -v), first.Images);
        Assert.Equal(2, gate.MaxInFlight);   // three augmenters, but one requester may only use two at a time
        var stats = await pool.Ask<AugmenterPoolStats>(GetAugmenterPoolStats.Instance, TimeSpan.FromSeconds(3));
        Assert.Equal((3, 6L, 18L, 2, 0), (stats.PoolSize, stats.Served, stats.Images, stats.MaxInFlightPerRequester, stats.Queued));
        Assert.InRange(loads, 1, 3);    // each augmenter loads the generator once, however many requests it serves
    }

    [Fact]
    public async Task Two_requesters_together_use_more_augmenters_than_one_may()
    {
        var gate = new Gate();
        var pool = Sys.ActorOf(AugmenterPool.Props(new AugmenterSettings(PoolSize: 3, MaxInFlightPerRequester: 2),
            Augmenter.Props((_, _) => new GatedNegation(gate), "cpu")));
        var other = CreateTestProbe();

        for (var i = 1; i <= 4; i++)
        {
            pool.Tell(Request(i, Fake));
            pool.Tell(Request(100 + i, Fake), other.Ref);
        }
        // All three augmenters are busy before any request is answered. Each requester has its two at the augmenters (the
        // fourth waits in a busy augmenter's mailbox: two outstanding per augmenter); the other four wait in the pool.
        AwaitCondition(() => Volatile.Read(ref gate.InFlight) == 3, TimeSpan.FromSeconds(30));
        var held = await pool.Ask<AugmenterPoolStats>(GetAugmenterPoolStats.Instance, TimeSpan.FromSeconds(10));
        Assert.Equal((0L, 4), (held.Served, held.Queued));
        Assert.Equal(3, Volatile.Read(ref gate.InFlight));
        gate.Open.Set();
        for (var i = 0; i < 4; i++)
        {
            ExpectMsg<AugmentResponse>(TimeSpan.FromSeconds(10));
            other.ExpectMsg<AugmentResponse>(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(3, gate.MaxInFlight);
    }

    [Fact]
    public void A_MUNIT_augmenter_is_deterministic_for_a_seed_and_rejects_a_generator_whose_hash_does_not_match()
    {
        var path = Path.Combine(TempFolder, "generator.munit");
        var options = new MunitTrainerOptions(Shape, new MunitGeneratorOptions(1, Dim: 8, MlpDim: 16, ResBlocks: 1),
            new MunitDiscriminatorOptions(1, Dim: 8, Layers: 2), new MunitHyperParameters());
        using (var trainer = new MunitTrainer(options, seed: 3)) AtomicFile.Write(path, file => trainer.SaveTranslator(file, MunitTranslation.AToB));
        var generator = new GeneratorRef("job", path, AtomicFile.Sha256Of(path));
        var pool = Sys.ActorOf(AugmenterPool.Props(new AugmenterSettings(PoolSize: 2), Augmenter.Props(MunitStyleSampler.Load, "cpu")));

        pool.Tell(Request(1, generator, seed: 5));
        pool.Tell(Request(2, generator, seed: 5));
        pool.Tell(Request(3, generator, seed: 6));
        var replies = Enumerable.Range(0, 3).Select(_ => ExpectMsg<AugmentResponse>(TimeSpan.FromSeconds(30))).OrderBy(r => r.RequestId).ToList();

        Assert.Equal(replies[0].Images, replies[1].Images);   // same seed on different augmenters: same styles
        Assert.NotEqual(replies[0].Images, replies[2].Images);
        Assert.NotEqual(Request(1, generator).Images, replies[0].Images);
        Assert.All(replies[0].Images, v => Assert.True(float.IsFinite(v)));
        // Output lies in the classifier normalisation of [-1, 1]: ((x+1)/2 - 0.2) / 0.3 for tanh output x.
        Assert.All(replies[0].Images, v => Assert.InRange(v, -0.2f / 0.3f - 1e-4f, 0.8f / 0.3f + 1e-4f));

        // Three styles of one image, its content encoded once, match three copies of it sampled one style each.
        var image = Request(5, generator, count: 1).Images;
        pool.Tell(new AugmentRequest(5, generator, image, Shape, [0.2f], [0.3f], 3, 21, StylesPerImage: 3));
        pool.Tell(new AugmentRequest(6, generator, [.. image, .. image, .. image], Shape, [0.2f], [0.3f], 3, 21));
        var (once, copies) = (ExpectMsg<AugmentResponse>(TimeSpan.FromSeconds(30)), ExpectMsg<AugmentResponse>(TimeSpan.FromSeconds(30)));
        if (once.RequestId == 6) (once, copies) = (copies, once);
        Assert.Equal(3 * Shape.PixelCount, once.Images.Length);
        Assert.All(once.Images.Zip(copies.Images), pair => Assert.Equal(pair.Item2, pair.Item1, 1e-4f));
        Assert.NotEqual(once.Images[..Shape.PixelCount], once.Images[Shape.PixelCount..(2 * Shape.PixelCount)]);

        pool.Tell(Request(4, generator with { Sha256 = "beef" }));
        var failed = ExpectMsg<AugmentFailed>(TimeSpan.FromSeconds(10));
        Assert.Equal(4, failed.RequestId);
        Assert.Contains("MUNIT job job", failed.Reason);
        Assert.Contains("expected beef", failed.Reason);
    }
}

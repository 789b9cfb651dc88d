using GitActors.Models.Data;

namespace GitActors.Actors.Augmentation;

/// <summary>
/// T~ for a workload's final evaluation: each call is a blocking Ask to the augmenter pool. Blocking is acceptable
/// there (once per run, on the trainer's own pinned thread, whose mailbox the answer does not need); training batches
/// never come this way, their loader asks the pool ahead of time.
/// </summary>
public sealed class PoolNuisance(IActorRef pool, GeneratorRef generator, TimeSpan timeout) : ILearnedNuisance
{
    private long _nextRequest;

    public float[] Transform(float[] images, int stylesPerImage, ImageShape shape, float[] mean, float[] std, ulong seed)
    {
        var count = images.Length / shape.PixelCount * stylesPerImage;
        var request = new AugmentRequest(Interlocked.Increment(ref _nextRequest), generator, images, shape, mean, std, count, seed, stylesPerImage);
        var reply = pool.Ask<object>(request, timeout).GetAwaiter().GetResult();
        return reply switch
        {
            AugmentResponse response => response.Images,
            AugmentFailed failed => throw new InvalidOperationException($"the augmenter pool could not transform images: {failed.Reason}"),
            _ => throw new InvalidOperationException($"unexpected augmenter reply {reply.GetType().Name}"),
        };
    }
}

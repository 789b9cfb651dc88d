using GitActors.Models.Randomness;

namespace GitActors.Actors.Training;

/// <summary>A loader's link to the augmenter pool for one GIT run.</summary>
public sealed record LoaderAugmentation(IActorRef Pool, LearnedAugmentation Learned)
{
    /// <summary>The GIT rows of a batch as one pool request; styles seeded from (run seed, epoch, step) so a resumed run
    /// gets exactly the augmentations an uninterrupted one would.</summary>
    public AugmentRequest Request(long requestId, Batch batch)
    {
        var shape = Learned.Shape;
        var size = shape.PixelCount;
        var rows = batch.AugmentRows;
        var images = new float[rows.Length * size];
        for (var i = 0; i < rows.Length; i++) batch.Images.AsSpan(rows[i] * size, size).CopyTo(images.AsSpan(i * size, size));
        var seed = Rng.ForStream(Learned.Seed, $"git:{batch.Epoch}:{batch.Step}").NextUInt64();
        return new AugmentRequest(requestId, Learned.Generator, images, shape, Learned.Mean, Learned.Std, rows.Length, seed);
    }

    /// <summary>The batch with its GIT rows replaced by the pool's output: a normal batch with nothing left to augment.</summary>
    public Batch Apply(Batch batch, AugmentResponse response)
    {
        var size = Learned.Shape.PixelCount;
        var images = (float[])batch.Images.Clone();
        for (var i = 0; i < batch.AugmentRows.Length; i++)
            response.Images.AsSpan(i * size, size).CopyTo(images.AsSpan(batch.AugmentRows[i] * size, size));
        return batch with { Images = images, AugmentRows = [] };
    }
}

using GitActors.Models.Data;

namespace GitActors.Models.Experiments.Protocol;

// The augmenter pool's conversation. A requester (a GIT run's data loader, or its final evaluation) sends batched
// requests; the pool answers each with exactly one AugmentResponse or AugmentFailed, echoing RequestId.

/// <summary>
/// Count transformed images from the generator's T~: Images holds Count / StylesPerImage inputs (x C x H x W floats in
/// the classifier's normalisation, (p/255 - mean) / std), each sampled with StylesPerImage styles, image-major.
/// Styles come from a torch generator seeded with Seed alone, so a request is reproducible.
/// </summary>
public sealed record AugmentRequest(
    long RequestId, GeneratorRef Generator, float[] Images, ImageShape Shape, float[] Mean, float[] Std, int Count, ulong Seed,
    int StylesPerImage = 1)
{
    public int InputCount => Count / StylesPerImage;

    public void Validate()
    {
        if (Count < 1 || StylesPerImage < 1 || Count % StylesPerImage != 0)
            throw new ArgumentException($"augment request {RequestId}: count {Count} must be a positive multiple of {StylesPerImage} styles per image");
        if (Images.Length != InputCount * Shape.PixelCount)
            throw new ArgumentException($"augment request {RequestId}: {Images.Length} values for {InputCount} images of {Shape}");
        if (Mean.Length != Shape.Channels || Std.Length != Shape.Channels)
            throw new ArgumentException($"augment request {RequestId}: need {Shape.Channels} means and stds");
    }
}

/// <summary>The transformed images, same layout and normalisation as the request's.</summary>
public sealed record AugmentResponse(long RequestId, float[] Images, int Count);

public sealed record AugmentFailed(long RequestId, string Reason);

/// <summary>Pool statistics (for tests and the benchmark): requests served and the most ever in flight for one requester.</summary>
public sealed record GetAugmenterPoolStats
{
    public static GetAugmenterPoolStats Instance { get; } = new();
}

public sealed record AugmenterPoolStats(int PoolSize, long Served, long Images, int MaxInFlightPerRequester, int Queued);

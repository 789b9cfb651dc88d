namespace GitActors.Actors.Augmentation;

/// <summary>
/// What an augmenter holds: one frozen generator on one device, answering requests on the augmenter's own thread.
/// Not thread-safe (TorchSharp modules are not).
/// </summary>
public interface IStyleSampler : IDisposable
{
    /// <summary>The transformed images of a validated request, in the request's normalisation.</summary>
    float[] Transform(AugmentRequest request);
}

/// <summary>Loads the sampler for a recorded generator onto a device, verifying the file against its recorded hash.</summary>
public delegate IStyleSampler StyleSamplerLoader(GeneratorRef generator, string device);

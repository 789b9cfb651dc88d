namespace GitActors.Models.Data.Nuisance;

/// <summary>
/// A random nuisance transform T(.|x) applied in place to one channel-first 8-bit image. Implementations hold no mutable
/// state (all randomness comes from the Rng passed in), so one instance may serve many threads, each with its own Rng.
/// </summary>
public interface INuisanceTransform
{
    string Name { get; }

    void Apply(Span<byte> image, ImageShape shape, Rng rng);
}

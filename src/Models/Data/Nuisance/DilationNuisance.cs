namespace GitActors.Models.Data.Nuisance;

/// <summary>
/// DIL: with probability 0.6 dilate with a k x k box, k ~ U{2,3,4}; otherwise erode with m x m, m ~ U{1,2} (m = 1 leaves
/// the image unchanged). Draw order per image: one uniform for the branch, then one integer for the size.
/// </summary>
public sealed class DilationNuisance : INuisanceTransform
{
    public const double DilateProbability = 0.6;

    public static DilationNuisance Instance { get; } = new();

    public string Name => "dil";

    public void Apply(Span<byte> image, ImageShape shape, Rng rng)
    {
        if (rng.NextDouble() < DilateProbability) Morphology.Dilate(image, shape, rng.NextInt(2, 4));
        else Morphology.Erode(image, shape, rng.NextInt(1, 2));
    }
}

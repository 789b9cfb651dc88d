namespace GitActors.Models.Data.Nuisance;

/// <summary>ROT: rotate by theta ~ U(-180, 180) degrees, bicubic, corners filled with 0 (see <see cref="ImageRotation"/>).</summary>
public sealed class RotationNuisance : INuisanceTransform
{
    public const double MaxDegrees = 180;

    public static RotationNuisance Instance { get; } = new();

    public string Name => "rot";

    public void Apply(Span<byte> image, ImageShape shape, Rng rng) =>
        ImageRotation.Rotate(image, shape, rng.NextUniform(-MaxDegrees, MaxDegrees));
}

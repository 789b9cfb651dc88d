namespace GitActors.Models.Data.Nuisance;

/// <summary>BG: every byte that is exactly 0 (background) becomes one intensity b ~ U{0..99} drawn per image.</summary>
public sealed class BackgroundNuisance : INuisanceTransform
{
    public const int MaxIntensity = 99;

    public static BackgroundNuisance Instance { get; } = new();

    public string Name => "bg";

    public void Apply(Span<byte> image, ImageShape shape, Rng rng) => Fill(image, (byte)rng.NextInt(0, MaxIntensity));

    /// <summary>Vectorised replace of 0 by <paramref name="intensity"/>; for multi-channel images each channel byte is tested alone.</summary>
    public static void Fill(Span<byte> image, byte intensity) => image.Replace((byte)0, intensity);
}

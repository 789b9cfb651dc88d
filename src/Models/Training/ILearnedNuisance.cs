using GitActors.Models.Data;

namespace GitActors.Models.Training;

/// <summary>
/// The learned nuisance model T~(.|x) as a classifier-side service: images in the classifier's normalisation in,
/// transformed images in the same normalisation out. Style draws depend only on <paramref name="seed"/>, so the same
/// call gives the same images. The engine implements it over its augmenter pool, so a trainer never loads a generator.
/// </summary>
public interface ILearnedNuisance
{
    /// <summary>
    /// <paramref name="images"/>: n x C x H x W floats; returns n x <paramref name="stylesPerImage"/> transformed images,
    /// image-major (every style of the first image, then the next image's).
    /// </summary>
    float[] Transform(float[] images, int stylesPerImage, ImageShape shape, float[] mean, float[] std, ulong seed);
}

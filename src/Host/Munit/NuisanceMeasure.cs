using GitActors.Models.Data.Nuisance;
using static TorchSharp.torch;

namespace GitActors.Host.Munit;

/// <summary>
/// A per-image number that the true nuisance moves and the class does not, so its spread across draws says how much of
/// the nuisance a transform varies. BG: the mean grey level on the base image's background (the pixels that are 0 in
/// it, which BG fills with b ~ U{0..99}). DIL: the ink area, the share of pixels at grey level 128 or more, in percent:
/// dilating by k grows every outline by about (k - 1) / 2 pixels and eroding shrinks it, so the area moves with the
/// stroke thickness while a garment's silhouette stays. ROT has no such measure here.
/// </summary>
public sealed class NuisanceMeasure
{
    public const float InkThreshold = 128f;

    private readonly NuisanceKind _kind;

    private NuisanceMeasure(NuisanceKind kind, string description)
    {
        _kind = kind;
        Description = description;
    }

    public string Description { get; }

    public static NuisanceMeasure For(INuisanceTransform nuisance) => NuisanceTransforms.Parse(nuisance.Name) switch
    {
        NuisanceKind.Bg => new(NuisanceKind.Bg, "background grey level (0-255) on the base image's zero pixels"),
        NuisanceKind.Dil => new(NuisanceKind.Dil, "ink area: % of pixels at grey level >= 128"),
        var kind => throw new ArgumentException($"no nuisance measure for {NuisanceTransforms.Name(kind)}: munit evaluate measures bg and dil"),
    };

    /// <summary>
    /// The measure of each image of <paramref name="grey"/> (N x C x H x W, grey levels 0..255) made from the base
    /// image <paramref name="basePixels"/> (C x H x W bytes); NaN for BG when the base has no background pixel.
    /// </summary>
    public Tensor Of(Tensor grey, ReadOnlySpan<byte> basePixels)
    {
        var shape = grey.shape;
        if (_kind == NuisanceKind.Dil)
            return grey.ge(InkThreshold).to(float32).mean([1, 2, 3]).mul_(100f);
        var mask = new float[basePixels.Length];
        for (var i = 0; i < mask.Length; i++) mask[i] = basePixels[i] == 0 ? 1f : 0f;
        var background = mask.Sum();
        var weights = tensor(mask, [1, shape[1], shape[2], shape[3]], device: grey.device);
        return grey.mul(weights).sum([1, 2, 3]).div_(background);
    }
}

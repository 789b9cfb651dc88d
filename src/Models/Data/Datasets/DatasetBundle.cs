using GitActors.Models.Data.Nuisance;

namespace GitActors.Models.Data.Datasets;

/// <summary>Per-sample augmentation the training loop applies on top of the data (the nuisance is already baked in).</summary>
public enum TrainAugmentation
{
    None,

    /// <summary>CIFAR's standard pad-4 random crop + horizontal flip (LDAM-DRW code).</summary>
    CropFlip,
}

/// <summary>
/// One built dataset, ready for training: the long-tailed train set (each image transformed once by the nuisance),
/// the balanced test set (each image under one fixed seeded transform), optional validation, and the facts samplers,
/// losses and reports need.
/// </summary>
public sealed class DatasetBundle
{
    public required string Name { get; init; }

    public required ImageSet Train { get; init; }

    /// <summary>
    /// The train images before their one-time nuisance draw, in the same order as Train. The Oracle draws T afresh on
    /// these (T applied to an already-transformed image is not a draw of T: BG would find no zero pixel). Null without a nuisance.
    /// </summary>
    public ImageSet? TrainBase { get; init; }

    public required ImageSet Test { get; init; }

    /// <summary>
    /// The test images before their fixed nuisance draw, in the same order as Test: eKLD compares Test[i] with fresh
    /// draws of T applied to TestBase[i], so x and x' are transforms of the same image. Null without a nuisance.
    /// </summary>
    public ImageSet? TestBase { get; init; }

    public ImageSet? Validation { get; init; }

    /// <summary>The dataset's true nuisance (Oracle augmentation, eKLD's T(.|x)); null for natural datasets.</summary>
    public INuisanceTransform? Nuisance { get; init; }

    /// <summary>Training images per label id.</summary>
    public required int[] TrainClassCounts { get; init; }

    /// <summary>Class ids from the largest class to the smallest.</summary>
    public required int[] RankOrder { get; init; }

    /// <summary>Per-channel mean of the long-tailed train set, pixels scaled to 0..1.</summary>
    public required float[] Mean { get; init; }

    /// <summary>Per-channel population standard deviation of the long-tailed train set, pixels scaled to 0..1.</summary>
    public required float[] Std { get; init; }

    public TrainAugmentation Augmentation { get; init; }

    public int ClassCount => Train.ClassCount;

    public ImageShape Shape => Train.Shape;
}

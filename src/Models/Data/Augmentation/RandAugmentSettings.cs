using GitActors.Models.Data.Datasets;

namespace GitActors.Models.Data.Augmentation;

/// <summary>
/// RandAugment's published CIFAR settings (Cubuk et al. 2020, Wide-ResNet-28-2, the published network closest in size
/// to ResNet32): CIFAR-10 N = 3 operations of magnitude M = 4, CIFAR-100 N = 1, M = 2, magnitudes on the 0-30 scale.
/// Data sets without a published setting use CIFAR-10's.
/// </summary>
public static class RandAugmentSettings
{
    public const int MaxMagnitude = 30;

    public static (int Ops, int Magnitude) Cifar10 { get; } = (3, 4);

    public static (int Ops, int Magnitude) Cifar100 { get; } = (1, 2);

    /// <summary>By the dataset's family; a name outside the registry (a test's own recipe) gets CIFAR-10's.</summary>
    public static (int Ops, int Magnitude) For(string dataset) =>
        DatasetRegistry.Find(dataset)?.Family == DatasetFamily.Cifar100 ? Cifar100 : Cifar10;
}

using GitActors.Models.Data.LongTail;
using GitActors.Models.Data.Nuisance;
using GitActors.Models.Data.Readers;

namespace GitActors.Models.Data.Datasets;

/// <summary>
/// How one built-in dataset is made from its source files.
/// </summary>
/// <param name="Family">The paper setup it belongs to, which picks its default schedule, MUNIT steps and GIT cutoff.</param>
/// <param name="DefaultPath">Where the source lives when DataSpec.Path is not given (only Fashion-MNIST has one).</param>
/// <param name="ClassCount">Classes the source must have (checked, so cifar10-lt on a CIFAR-100 folder fails).</param>
/// <param name="MaxSizeFromData">Use the largest class left after the validation hold-out as n_max (GTSRB-LT).</param>
/// <param name="TransformationOnly">Paper Fig. 8: 5 base images per class, more sampled transforms for bigger classes.</param>
public sealed record DatasetRecipe(
    string Name,
    DatasetFamily Family,
    DataFormat Format,
    string? DefaultPath,
    int ClassCount,
    LongTailProfile Profile,
    NuisanceKind? Nuisance = null,
    double ValidationFraction = 0,
    bool MaxSizeFromData = false,
    TrainAugmentation Augmentation = TrainAugmentation.None,
    bool TransformationOnly = false)
{
    /// <summary>Its files ship with the machine, so a sweep may name it without a path.</summary>
    public bool BuiltIn => DefaultPath is not null;
}

using GitActors.Models.Randomness;

namespace GitActors.Models.Data.Nuisance;

/// <summary>The paper's three synthetic nuisances (SPEC 2): rotation, background intensity, dilation/erosion.</summary>
public enum NuisanceKind { Rot, Bg, Dil }

/// <summary>Names ("rot", "bg", "dil") to transforms, and whole-set application.</summary>
public static class NuisanceTransforms
{
    public static IReadOnlyList<string> Names { get; } = ["rot", "bg", "dil"];

    public static NuisanceKind Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "rot" => NuisanceKind.Rot,
        "bg" => NuisanceKind.Bg,
        "dil" => NuisanceKind.Dil,
        _ => throw new ArgumentException($"unknown nuisance '{name}'; expected one of: {string.Join(", ", Names)}"),
    };

    public static string Name(NuisanceKind kind) => Names[(int)kind];

    public static INuisanceTransform Create(NuisanceKind kind) => kind switch
    {
        NuisanceKind.Rot => RotationNuisance.Instance,
        NuisanceKind.Bg => BackgroundNuisance.Instance,
        NuisanceKind.Dil => DilationNuisance.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static INuisanceTransform Create(string name) => Create(Parse(name));

    /// <summary>Transforms every image of the set in place, in index order, drawing from one stream.</summary>
    public static void ApplyToAll(ImageSet set, INuisanceTransform transform, Rng rng)
    {
        for (var i = 0; i < set.Count; i++) transform.Apply(set.MutableImage(i), set.Shape, rng);
    }
}

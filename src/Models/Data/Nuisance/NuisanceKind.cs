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

    /// <summary>
    /// Transforms every image of the set in place. Image i draws from its own Rng seeded by the i-th draw of
    /// <paramref name="rng"/>, so the result is the same however many threads apply the transforms.
    /// </summary>
    public static void ApplyToAll(ImageSet set, INuisanceTransform transform, Rng rng)
    {
        var seeds = new ulong[set.Count];
        for (var i = 0; i < seeds.Length; i++) seeds[i] = rng.NextUInt64();
        Parallel.For(0, set.Count, i => transform.Apply(set.MutableImage(i), set.Shape, new Rng(seeds[i])));
    }
}

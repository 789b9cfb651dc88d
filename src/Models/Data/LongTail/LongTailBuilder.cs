using GitActors.Models.Data.Nuisance;

namespace GitActors.Models.Data.LongTail;

/// <summary>
/// Subsamples a balanced set to a long-tailed one (SPEC 1): the class at rank r keeps the first sizesByRank[r] images of
/// a seeded shuffle of its images, cycling through them when it has fewer. Classes are shuffled in label-id order from
/// one Rng, so the selection depends only on that Rng's seed.
/// </summary>
public static class LongTailBuilder
{
    public static LongTailSet Build(ImageSet source, IReadOnlyList<int> sizesByRank, IReadOnlyList<int> rankOrder, Rng rng)
    {
        var picks = Pick(source, sizesByRank, rankOrder, rng, take: null);
        return new LongTailSet(source.Subset(picks), sizesByRank.ToArray(), rankOrder.ToArray());
    }

    /// <summary>
    /// The transformation-only variant (paper Fig. 8): each class keeps <paramref name="baseImages"/> images of its shuffle,
    /// and its n images are fresh transforms of those, image j transforming base j mod baseImages.
    /// </summary>
    public static LongTailSet BuildTransformationOnly(
        ImageSet source, IReadOnlyList<int> sizesByRank, IReadOnlyList<int> rankOrder, INuisanceTransform nuisance,
        Rng selectionRng, Rng transformRng, int baseImages = 5)
    {
        if (baseImages < 1) throw new ArgumentOutOfRangeException(nameof(baseImages));
        var picks = Pick(source, sizesByRank, rankOrder, selectionRng, take: baseImages);
        var set = source.Subset(picks);
        var bases = source.Subset(picks);
        NuisanceTransforms.ApplyToAll(set, nuisance, transformRng);
        return new LongTailSet(set, sizesByRank.ToArray(), rankOrder.ToArray(), bases);
    }

    /// <summary>Indices into <paramref name="source"/>; with <paramref name="take"/>, only that many distinct images per class are cycled.</summary>
    private static List<int> Pick(ImageSet source, IReadOnlyList<int> sizesByRank, IReadOnlyList<int> rankOrder, Rng rng, int? take)
    {
        var classes = source.ClassCount;
        if (sizesByRank.Count != classes || rankOrder.Count != classes)
            throw new ArgumentException($"{sizesByRank.Count} sizes and {rankOrder.Count} ranks for {classes} classes");
        if (rankOrder.Order().Where((c, i) => c != i).Any())
            throw new ArgumentException("the rank order is not a permutation of the class ids");
        var sizes = ClassOrdering.SizesByLabel(sizesByRank, rankOrder);
        var members = ClassMembers(source);
        var picks = new List<int>(sizes.Sum());
        for (var c = 0; c < classes; c++)
        {
            var pool = members[c];
            rng.Shuffle(pool.AsSpan());
            if (sizes[c] == 0) continue;
            if (pool.Length == 0) throw new ArgumentException($"class {c} has no images but needs {sizes[c]}");
            var distinct = Math.Min(take ?? pool.Length, pool.Length);
            for (var j = 0; j < sizes[c]; j++) picks.Add(pool[j % distinct]);
        }
        return picks;
    }

    /// <summary>Indices of each class's images, in source order.</summary>
    public static int[][] ClassMembers(ImageSet set)
    {
        var counts = set.ClassCounts();
        var members = counts.Select(n => new int[n]).ToArray();
        var filled = new int[set.ClassCount];
        for (var i = 0; i < set.Count; i++)
        {
            var label = set.Labels[i];
            members[label][filled[label]++] = i;
        }
        return members;
    }
}

namespace GitActors.Models.Data.LongTail;

/// <summary>
/// The paper's "orderings": which class gets which rank. Ordering o is the permutation drawn by
/// Rng.ForStream(o, "class-ordering").Permutation(C); entry r is the class id at rank r + 1 (largest first).
/// It does not depend on the dataset, so ordering o ranks the classes of every variant of one source alike.
/// </summary>
public static class ClassOrdering
{
    public const string StreamName = "class-ordering";

    public static int[] RankOrder(int ordering, int classCount) => Rng.ForStream(ordering, StreamName).Permutation(classCount);

    /// <summary>sizesByLabel[rankOrder[r]] = sizesByRank[r].</summary>
    public static int[] SizesByLabel(IReadOnlyList<int> sizesByRank, IReadOnlyList<int> rankOrder)
    {
        var sizes = new int[rankOrder.Count];
        for (var r = 0; r < rankOrder.Count; r++) sizes[rankOrder[r]] = sizesByRank[r];
        return sizes;
    }
}

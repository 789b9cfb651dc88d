namespace GitActors.Models.Data.LongTail;

/// <param name="Images">The long-tailed images, grouped by class in label-id order.</param>
/// <param name="SizesByRank">Class sizes, largest first.</param>
/// <param name="RankOrder">Class id at each rank, largest first.</param>
/// <param name="Bases">The same images before their nuisance draw (transformation-only sets), else null.</param>
public sealed record LongTailSet(ImageSet Images, int[] SizesByRank, int[] RankOrder, ImageSet? Bases = null)
{
    /// <summary>Images per label id.</summary>
    public int[] SizesByLabel => ClassOrdering.SizesByLabel(SizesByRank, RankOrder);
}

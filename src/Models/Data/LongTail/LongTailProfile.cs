namespace GitActors.Models.Data.LongTail;

public enum LongTailProfileKind { Zipf, Exponential }

/// <summary>
/// Class sizes by rank (index 0 = rank 1, the largest class), SPEC 1.
/// Zipf: size(k) = max(floor(n_max / k^alpha), n_min). Exponential: n_i = floor(n_max * r^(i / (C - 1))), r = 1/imbalance,
/// i = 0..C-1 (LDAM-DRW's CIFAR-LT recipe).
/// </summary>
public sealed record LongTailProfile(LongTailProfileKind Kind, int MaxSize, double Alpha = 2.0, int MinSize = 5, double Imbalance = 100)
{
    /// <summary>Guards floor() against quotients like 300 that land a rounding error below an integer.</summary>
    private const double FloorTolerance = 1e-9;

    public static LongTailProfile Zipf(int maxSize, double alpha, int minSize) => new(LongTailProfileKind.Zipf, maxSize, Alpha: alpha, MinSize: minSize);

    public static LongTailProfile Exponential(int maxSize, double imbalance) => new(LongTailProfileKind.Exponential, maxSize, Imbalance: imbalance);

    /// <summary>K49-LT (and the built-in Fashion-MNIST variants): Zipf alpha 2.0, n_max 4800, n_min 5.</summary>
    public static LongTailProfile K49 { get; } = Zipf(4800, 2.0, 5);

    public int[] Sizes(int classCount)
    {
        if (classCount < 1) throw new ArgumentOutOfRangeException(nameof(classCount), "at least one class");
        if (MaxSize < 1) throw new ArgumentException($"n_max must be positive, got {MaxSize}");
        return Kind == LongTailProfileKind.Zipf ? ZipfSizes(classCount) : ExponentialSizes(classCount);
    }

    private int[] ZipfSizes(int classCount)
    {
        if (Alpha < 0 || MinSize < 0) throw new ArgumentException($"Zipf needs alpha >= 0 and n_min >= 0, got {Alpha}, {MinSize}");
        var sizes = new int[classCount];
        for (var k = 1; k <= classCount; k++)
            sizes[k - 1] = Math.Max((int)Math.Floor(MaxSize / Math.Pow(k, Alpha) + FloorTolerance), MinSize);
        return sizes;
    }

    private int[] ExponentialSizes(int classCount)
    {
        if (Imbalance < 1) throw new ArgumentException($"imbalance must be at least 1, got {Imbalance}");
        if (classCount == 1) return [MaxSize];
        var ratio = 1.0 / Imbalance;
        var sizes = new int[classCount];
        for (var i = 0; i < classCount; i++)
            sizes[i] = (int)Math.Floor(MaxSize * Math.Pow(ratio, i / (classCount - 1.0)) + FloorTolerance);
        return sizes;
    }
}

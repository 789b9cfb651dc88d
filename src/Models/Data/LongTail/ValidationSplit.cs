namespace GitActors.Models.Data.LongTail;

/// <summary>
/// Holds out a fraction of each class before the long tail is made (GTSRB-LT: 25%): per class, in label-id order, the
/// first round(fraction * count) images (midpoint away from zero) of a seeded shuffle go to validation. Both parts keep
/// source order.
/// </summary>
public static class ValidationSplit
{
    public static (ImageSet Train, ImageSet Validation) Split(ImageSet source, double fraction, Rng rng)
    {
        if (fraction is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(fraction), "a fraction in [0, 1)");
        var train = new List<int>();
        var validation = new List<int>();
        foreach (var pool in LongTailBuilder.ClassMembers(source))
        {
            rng.Shuffle(pool.AsSpan());
            var held = (int)Math.Round(fraction * pool.Length, MidpointRounding.AwayFromZero);
            validation.AddRange(pool[..held]);
            train.AddRange(pool[held..]);
        }
        train.Sort();
        validation.Sort();
        return (source.Subset(train), source.Subset(validation));
    }
}

using static TorchSharp.torch;

namespace GitActors.Models.Tests.Training.Munit;

/// <summary>Small synthetic image sets: class c draws blobs at a class-specific brightness, deterministic per index.</summary>
internal static class MunitTestData
{
    public static ImageSet Blobs(int[] countsPerClass, ImageShape shape)
    {
        var labels = countsPerClass.SelectMany((count, label) => Enumerable.Repeat(label, count)).ToArray();
        var pixels = new byte[labels.Length * shape.PixelCount];
        for (var i = 0; i < labels.Length; i++)
            for (var p = 0; p < shape.PixelCount; p++)
            {
                var x = p % shape.Width;
                var y = p / shape.Width % shape.Height;
                var inside = Math.Abs(x - shape.Width / 2 - i % 5 + 2) + Math.Abs(y - shape.Height / 2) < shape.Width / 3;
                pixels[i * shape.PixelCount + p] = inside ? (byte)(80 + 40 * labels[i]) : (byte)(i * 7 % 30);
            }
        return new ImageSet(pixels, labels, shape, countsPerClass.Length);
    }

    public static string TempFile(string name) =>
        Path.Combine(Path.GetTempPath(), $"gitactors-munit-{Guid.NewGuid():N}-{name}");

    /// <summary>Bitwise-equal values and equal shapes.</summary>
    public static bool Same(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape)) return false;
        using var equal = a.eq(b).all();
        return equal.item<bool>();
    }
}

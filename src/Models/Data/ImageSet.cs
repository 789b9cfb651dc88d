namespace GitActors.Models.Data;

/// <summary>
/// A labelled set of 8-bit images held in memory, channel-first (N x C x H x W), as every reader produces and
/// every long-tail, transform and loader step consumes. Small enough for the paper's datasets (CIFAR: 150 MB).
/// </summary>
public sealed class ImageSet
{
    public ImageSet(byte[] pixels, int[] labels, ImageShape shape, int classCount)
    {
        if (pixels.Length != (long)labels.Length * shape.PixelCount)
            throw new ArgumentException($"{pixels.Length} pixel bytes do not hold {labels.Length} images of {shape}");
        foreach (var label in labels)
            if (label < 0 || label >= classCount)
                throw new ArgumentException($"label {label} is outside 0..{classCount - 1}");
        Pixels = pixels;
        Labels = labels;
        Shape = shape;
        ClassCount = classCount;
    }

    public byte[] Pixels { get; }

    public int[] Labels { get; }

    public ImageShape Shape { get; }

    public int ClassCount { get; }

    public int Count => Labels.Length;

    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * Shape.PixelCount, Shape.PixelCount);

    public Span<byte> MutableImage(int index) => Pixels.AsSpan(index * Shape.PixelCount, Shape.PixelCount);

    /// <summary>Images per label id (not per rank).</summary>
    public int[] ClassCounts()
    {
        var counts = new int[ClassCount];
        foreach (var label in Labels) counts[label]++;
        return counts;
    }

    /// <summary>A copy holding the given images in the given order (indices may repeat).</summary>
    public ImageSet Subset(IReadOnlyList<int> indices)
    {
        var size = Shape.PixelCount;
        var pixels = new byte[indices.Count * size];
        var labels = new int[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            Image(indices[i]).CopyTo(pixels.AsSpan(i * size, size));
            labels[i] = Labels[indices[i]];
        }
        return new ImageSet(pixels, labels, Shape, ClassCount);
    }
}

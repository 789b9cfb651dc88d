using System.Buffers;
using System.Numerics;

namespace GitActors.Models.Data.Nuisance;

/// <summary>
/// Grey-scale dilation/erosion with a k x k kernel of ones, per channel plane, following OpenCV: the anchor is at k/2, so
/// the window covers offsets -k/2 .. k-1-k/2 in each axis, and pixels outside the image are ignored (OpenCV's default
/// border for morphology). The box is separable: a row pass then a column pass, each an element-wise max/min of
/// shifted spans, vectorised with Vector&lt;byte&gt;.
/// </summary>
public static class Morphology
{
    private const int StackLimit = 4096;

    public static void Dilate(Span<byte> image, ImageShape shape, int kernel) => Apply(image, shape, kernel, max: true);

    public static void Erode(Span<byte> image, ImageShape shape, int kernel) => Apply(image, shape, kernel, max: false);

    private static void Apply(Span<byte> image, ImageShape shape, int kernel, bool max)
    {
        if (kernel < 1) throw new ArgumentOutOfRangeException(nameof(kernel), "kernel size must be at least 1");
        if (kernel == 1) return;
        var (height, width) = (shape.Height, shape.Width);
        var plane = height * width;
        var lo = -(kernel / 2);
        var hi = kernel - 1 - kernel / 2;
        byte[]? rented = null;
        var rows = plane <= StackLimit ? stackalloc byte[plane] : (rented = ArrayPool<byte>.Shared.Rent(plane)).AsSpan(0, plane);
        try
        {
            for (var c = 0; c < shape.Channels; c++)
            {
                var channel = image.Slice(c * plane, plane);
                // Row pass: rows[y, x] = op over x+d of channel[y, x+d] (d = 0 always inside the window).
                channel.CopyTo(rows);
                for (var y = 0; y < height; y++)
                {
                    var source = channel.Slice(y * width, width);
                    var target = rows.Slice(y * width, width);
                    for (var d = lo; d <= hi; d++)
                        if (d > 0 && d < width) Combine(target[..(width - d)], source[d..], max);
                        else if (d < 0 && -d < width) Combine(target[-d..], source[..(width + d)], max);
                }
                // Column pass over the whole plane: a shift by d rows is a shift by d * width bytes.
                rows.CopyTo(channel);
                for (var d = lo; d <= hi; d++)
                    if (d > 0 && d < height) Combine(channel[..((height - d) * width)], rows[(d * width)..], max);
                    else if (d < 0 && -d < height) Combine(channel[(-d * width)..], rows[..((height + d) * width)], max);
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>target[i] = max/min(target[i], source[i]) over target's length.</summary>
    private static void Combine(Span<byte> target, ReadOnlySpan<byte> source, bool max)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= target.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                var a = new Vector<byte>(target[i..]);
                var b = new Vector<byte>(source[i..]);
                (max ? Vector.Max(a, b) : Vector.Min(a, b)).CopyTo(target[i..]);
            }
        for (; i < target.Length; i++)
            target[i] = max ? Math.Max(target[i], source[i]) : Math.Min(target[i], source[i]);
    }
}

using System.Buffers;

namespace GitActors.Models.Data.Nuisance;

/// <summary>
/// Rotation about the image centre ((W-1)/2, (H-1)/2) with bicubic interpolation (Keys kernel, a = -0.75 as in OpenCV's
/// INTER_CUBIC), positive angles counter-clockwise as displayed (OpenCV's getRotationMatrix2D convention). Taps outside
/// the image read as 0, so the corners fill with 0; results are rounded and clamped to 0..255. As in OpenCV's warpAffine,
/// sampling positions are rounded to 1/32 pixel and the kernel weights come from a 32-entry table, so quarter turns land
/// exactly on grid points and reproduce pixels exactly.
/// </summary>
public static class ImageRotation
{
    private const float A = -0.75f;
    private const int StackLimit = 4096;

    private const int TableBits = 5;
    private const int TableSize = 1 << TableBits;

    /// <summary>Kernel weights for taps -1, 0, 1, 2 at each fraction t = i / 32.</summary>
    private static readonly float[] WeightTable = BuildWeightTable();

    public static void Rotate(Span<byte> image, ImageShape shape, double degrees)
    {
        var radians = degrees * Math.PI / 180.0;
        var (cos, sin) = (Math.Cos(radians), Math.Sin(radians));
        var (height, width) = (shape.Height, shape.Width);
        var plane = height * width;
        var (cx, cy) = ((width - 1) / 2.0, (height - 1) / 2.0);

        byte[]? rented = null;
        var source = image.Length <= StackLimit
            ? stackalloc byte[image.Length]
            : (rented = ArrayPool<byte>.Shared.Rent(image.Length)).AsSpan(0, image.Length);
        try
        {
            image.CopyTo(source);
            for (var y = 0; y < height; y++)
            {
                var dy = y - cy;
                for (var x = 0; x < width; x++)
                {
                    // Inverse map: the destination pixel samples the source at R(-theta) (p - c) + c.
                    var dx = x - cx;
                    var fixedX = (int)Math.Round((cx + cos * dx - sin * dy) * TableSize);
                    var fixedY = (int)Math.Round((cy + sin * dx + cos * dy) * TableSize);
                    var ix = fixedX >> TableBits;
                    var iy = fixedY >> TableBits;
                    var pixel = y * width + x;
                    if (ix < -2 || ix > width || iy < -2 || iy > height)
                    {
                        for (var c = 0; c < shape.Channels; c++) image[c * plane + pixel] = 0;
                        continue;
                    }
                    var wx = WeightTable.AsSpan((fixedX & (TableSize - 1)) * 4, 4);
                    var wy = WeightTable.AsSpan((fixedY & (TableSize - 1)) * 4, 4);
                    var inside = ix >= 1 && ix + 2 < width && iy >= 1 && iy + 2 < height;
                    for (var c = 0; c < shape.Channels; c++)
                    {
                        var channel = source.Slice(c * plane, plane);
                        var sum = inside
                            ? InteriorSum(channel, width, ix, iy, wx, wy)
                            : BorderSum(channel, width, height, ix, iy, wx, wy);
                        image[c * plane + pixel] = (byte)Math.Clamp(MathF.Round(sum), 0f, 255f);
                    }
                }
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static float[] BuildWeightTable()
    {
        var table = new float[TableSize * 4];
        for (var i = 0; i < TableSize; i++) Weights((float)i / TableSize, table.AsSpan(i * 4, 4));
        return table;
    }

    /// <summary>OpenCV's interpolateCubic: weights of the taps at offsets -1, 0, 1, 2 for fraction t in [0, 1).</summary>
    private static void Weights(float t, Span<float> w)
    {
        w[0] = ((A * (t + 1) - 5 * A) * (t + 1) + 8 * A) * (t + 1) - 4 * A;
        w[1] = ((A + 2) * t - (A + 3)) * t * t + 1;
        w[2] = ((A + 2) * (1 - t) - (A + 3)) * (1 - t) * (1 - t) + 1;
        w[3] = 1 - w[0] - w[1] - w[2];
    }

    private static float InteriorSum(ReadOnlySpan<byte> channel, int width, int ix, int iy, ReadOnlySpan<float> wx, ReadOnlySpan<float> wy)
    {
        var sum = 0f;
        for (var j = 0; j < 4; j++)
        {
            var row = channel.Slice((iy - 1 + j) * width + ix - 1, 4);
            sum += wy[j] * (wx[0] * row[0] + wx[1] * row[1] + wx[2] * row[2] + wx[3] * row[3]);
        }
        return sum;
    }

    private static float BorderSum(ReadOnlySpan<byte> channel, int width, int height, int ix, int iy, ReadOnlySpan<float> wx, ReadOnlySpan<float> wy)
    {
        var sum = 0f;
        for (var j = 0; j < 4; j++)
        {
            var yy = iy - 1 + j;
            if (yy < 0 || yy >= height) continue;
            var rowSum = 0f;
            for (var i = 0; i < 4; i++)
            {
                var xx = ix - 1 + i;
                if (xx >= 0 && xx < width) rowSum += wx[i] * channel[yy * width + xx];
            }
            sum += wy[j] * rowSum;
        }
        return sum;
    }
}

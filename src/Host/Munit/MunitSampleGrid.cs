using GitActors.Models.Data;
using GitActors.Models.Randomness;
using GitActors.Models.Training.Munit;
using SkiaSharp;
using static TorchSharp.torch;

namespace GitActors.Host.Munit;

/// <summary>
/// The paper's Figure 2 for one generator: one training image per class, from the largest class to the smallest, in
/// the first column, then one column per style s ~ N(0, I) decoded with that image's content. Tiles are scaled up by
/// nearest neighbour and separated by gaps, so 28x28 digits stay readable.
/// </summary>
public static class MunitSampleGrid
{
    public const int Scale = 3;
    public const int Gap = 2;

    /// <summary>Tiles as 8-bit channel-first images: [row][column].</summary>
    public static byte[][][] Tiles(MunitSampler sampler, DatasetBundle data, int styles, long seed)
    {
        if (sampler.Image != data.Shape)
            throw new ArgumentException($"the generator was trained on {sampler.Image} images, {data.Name} has {data.Shape}");
        var shape = data.Shape;
        using var random = new Generator(Rng.ForStream(seed, "munit-sample-grid").NextUInt64());
        var rows = new List<byte[][]>();
        foreach (var label in data.RankOrder)
        {
            var index = Array.IndexOf(data.Train.Labels, label);
            if (index < 0) continue;
            var input = data.Train.Image(index).ToArray();
            using var scope = NewDisposeScope();
            var x = ToMunit(input, shape).expand(styles, -1, -1, -1).contiguous();
            var samples = ToBytes(sampler.Sample(x, random).cpu());
            var row = new byte[styles + 1][];
            row[0] = input;
            for (var s = 0; s < styles; s++) row[s + 1] = samples.AsSpan(s * shape.PixelCount, shape.PixelCount).ToArray();
            rows.Add(row);
        }
        return rows.ToArray();
    }

    /// <summary>One 8-bit image as a 1 x C x H x W tensor in MUNIT's range, pixel/255 * 2 - 1.</summary>
    public static Tensor ToMunit(byte[] image, ImageShape shape)
    {
        var values = new float[image.Length];
        for (var i = 0; i < values.Length; i++) values[i] = image[i] * (2f / 255f) - 1f;
        return tensor(values, [1, shape.Channels, shape.Height, shape.Width]);
    }

    /// <summary>Generator output in [-1, 1] as grey levels 0..255 (rounded, clamped).</summary>
    public static byte[] ToBytes(Tensor munitOutput)
    {
        using var scope = NewDisposeScope();
        var grey = munitOutput.add(1).mul_(127.5).round_().clamp_(0, 255).to(ScalarType.Byte).contiguous();
        return grey.data<byte>().ToArray();
    }

    /// <summary>Pixel size of a grid of this many rows and columns of tiles.</summary>
    public static (int Width, int Height) Size(ImageShape shape, int rows, int columns) =>
        (columns * shape.Width * Scale + (columns + 1) * Gap, rows * shape.Height * Scale + (rows + 1) * Gap);

    /// <summary>Writes the tiles as a PNG on a white background.</summary>
    public static void WritePng(byte[][][] tiles, ImageShape shape, string path)
    {
        if (tiles.Length == 0) throw new ArgumentException("no rows to draw");
        var (width, height) = Size(shape, tiles.Length, tiles[0].Length);
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        bitmap.Erase(SKColors.White);
        var plane = shape.Height * shape.Width;
        for (var r = 0; r < tiles.Length; r++)
            for (var c = 0; c < tiles[r].Length; c++)
            {
                var tile = tiles[r][c];
                var left = Gap + c * (shape.Width * Scale + Gap);
                var top = Gap + r * (shape.Height * Scale + Gap);
                for (var y = 0; y < shape.Height * Scale; y++)
                    for (var x = 0; x < shape.Width * Scale; x++)
                    {
                        var p = y / Scale * shape.Width + x / Scale;
                        var color = shape.Channels >= 3
                            ? new SKColor(tile[p], tile[plane + p], tile[2 * plane + p])
                            : new SKColor(tile[p], tile[p], tile[p]);
                        bitmap.SetPixel(left + x, top + y, color);
                    }
            }
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        using var file = File.Create(path);
        png.SaveTo(file);
    }
}

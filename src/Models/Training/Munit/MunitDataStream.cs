using GitActors.Models.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace GitActors.Models.Training.Munit;

/// <summary>
/// MUNIT's endless training stream over one ImageSet: class-balanced (a class uniformly among non-empty ones, then an
/// image uniformly within it, i.e. p(i) proportional to 1/n_yi), scaled to [-1, 1], flipped horizontally with p 0.5.
/// Its only state is the <see cref="Rng"/> (checkpoint <see cref="RngState"/>). Not thread-safe.
/// </summary>
public sealed class MunitDataStream
{
    private readonly ImageSet _images;
    private readonly Rng _rng;
    private readonly int[][] _indicesByClass;
    private readonly float[] _buffer;
    private readonly bool _horizontalFlip;

    public MunitDataStream(ImageSet images, Rng rng, int batchSize = 1, bool horizontalFlip = true)
    {
        if (images.Count == 0) throw new ArgumentException("a MUNIT stream needs at least one image");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be positive");
        _images = images;
        _rng = rng;
        _horizontalFlip = horizontalFlip;
        BatchSize = batchSize;
        _indicesByClass = Enumerable.Range(0, images.ClassCount)
            .Select(c => Enumerable.Range(0, images.Count).Where(i => images.Labels[i] == c).ToArray())
            .Where(members => members.Length > 0)
            .ToArray();
        _buffer = new float[batchSize * images.Shape.PixelCount];
    }

    public int BatchSize { get; }

    public ImageShape Shape => _images.Shape;

    public ulong[] RngState => _rng.State;

    /// <summary>Index of the next image: a uniform class, then a uniform member of it.</summary>
    public int NextIndex()
    {
        var members = _indicesByClass[_rng.NextInt(_indicesByClass.Length)];
        return members[_rng.NextInt(members.Length)];
    }

    /// <summary>The next batch, B x C x H x W float32 in [-1, 1], on <paramref name="device"/> (CPU by default).</summary>
    public Tensor Next(Device? device = null)
    {
        var shape = _images.Shape;
        var size = shape.PixelCount;
        for (var b = 0; b < BatchSize; b++)
        {
            var source = _images.Image(NextIndex());
            var flip = _horizontalFlip && _rng.NextInt(2) == 1;
            Scale(source, _buffer.AsSpan(b * size, size), shape, flip);
        }
        var batch = tensor(_buffer, [BatchSize, shape.Channels, shape.Height, shape.Width]);
        if (device is null || device.type == DeviceType.CPU) return batch;
        using (batch) return batch.to(device);
    }

    /// <summary>pixel/255 * 2 - 1, optionally mirrored left-right.</summary>
    internal static void Scale(ReadOnlySpan<byte> source, Span<float> target, ImageShape shape, bool flip)
    {
        const float scale = 2f / 255f;
        var width = shape.Width;
        for (var row = 0; row < shape.Channels * shape.Height; row++)
        {
            var from = source.Slice(row * width, width);
            var to = target.Slice(row * width, width);
            if (flip)
                for (var x = 0; x < width; x++) to[x] = from[width - 1 - x] * scale - 1f;
            else
                for (var x = 0; x < width; x++) to[x] = from[x] * scale - 1f;
        }
    }
}

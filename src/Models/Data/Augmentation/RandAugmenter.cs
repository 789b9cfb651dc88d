using TorchSharp;
using static TorchSharp.torch;

namespace GitActors.Models.Data.Augmentation;

/// <summary>
/// RandAugment on 8-bit images through TorchVision's implementation (14 operations, 31 magnitude bins, nearest
/// interpolation, fill 0): each image gets its own draw of N operations; grey images run as three equal channels. A batch's draws come from one torch generator
/// seeded by the caller (<see cref="ForBatch"/>), so a batch built twice from the same seed is the same batch.
/// </summary>
public sealed class RandAugmenter
{
    private readonly int _ops;
    private readonly int _magnitude;

    public RandAugmenter(int ops, int magnitude)
    {
        if (ops < 1) throw new ArgumentOutOfRangeException(nameof(ops), ops, "RandAugment needs at least one operation");
        if (magnitude is < 0 or > RandAugmentSettings.MaxMagnitude)
            throw new ArgumentOutOfRangeException(nameof(magnitude), magnitude, $"RandAugment magnitude must lie in 0..{RandAugmentSettings.MaxMagnitude}");
        _ops = ops;
        _magnitude = magnitude;
    }

    /// <summary>The transform for one batch, its draws seeded by <paramref name="seed"/>. Not thread-safe.</summary>
    public Batch ForBatch(ulong seed) => new(_ops, _magnitude, seed);

    public sealed class Batch : IDisposable
    {
        private readonly Generator _generator;
        private readonly torchvision.ITransform _transform;

        internal Batch(int ops, int magnitude, ulong seed)
        {
            _generator = new Generator(seed);
            _transform = torchvision.transforms.RandAugment(ops, magnitude, generator: _generator);
        }

        /// <summary>Transforms one image (C x H x W bytes) in place, with the next draws of the batch's generator.</summary>
        public void Apply(Span<byte> image, ImageShape shape)
        {
            if (image.Length != shape.PixelCount) throw new ArgumentException($"{image.Length} bytes for one image of {shape}");
            using var scope = NewDisposeScope();
            var input = tensor(image.ToArray(), [shape.Channels, shape.Height, shape.Width]);
            // TorchVision's colour operations index three channels. A grey image is run as three equal channels, which
            // every operation keeps equal, and read back from the first.
            var grey = shape.Channels == 1;
            var output = _transform.call(grey ? input.expand(3, -1, -1).contiguous() : input);
            (grey ? output[0] : output).contiguous().data<byte>().CopyTo(image);
        }

        public void Dispose() => _generator.Dispose();
    }
}

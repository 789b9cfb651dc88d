using System.Security.Cryptography;
using System.Text;
using GitActors.Models.Data;
using GitActors.Models.Training.Munit;
using TorchSharp;
using static TorchSharp.torch;

namespace GitActors.Models.Training.Bank;

/// <summary>
/// Generates an augmentation bank, a step at a time: the bank's samples in its order, cut into Blocks blocks (one
/// checkpoint each) of steps of at most SamplesPerStep samples. Sample (image i, style j) decodes i's content with a
/// style code drawn from the stream "bank-style:i:j" of the bank's seed, so its value does not depend on the order or
/// batching of the work. The checkpoint holds the samples made so far; the bank file is written once all are made.
/// Owns its sampler; not thread-safe (one trainer thread drives it).
/// </summary>
public sealed class BankJob : IDisposable
{
    public const int SamplesPerStep = 64;

    private static readonly byte[] CheckpointMagic = "GITBANKC"u8.ToArray();

    private readonly ImageSet _train;
    private readonly MunitSampler _sampler;
    private readonly Device _device;
    private readonly long[] _firstSample;
    private readonly byte[] _pixels;
    private readonly long _samplesPerBlock;

    public BankJob(ImageSet train, BankHeader header, int blocks, MunitSampler sampler, Device device)
    {
        if (blocks < 1) throw new ArgumentOutOfRangeException(nameof(blocks), blocks, "a bank job needs at least one block");
        if (header.StylesPerImage.Length != train.Count || header.Shape != train.Shape)
            throw new ArgumentException($"the bank describes {header.StylesPerImage.Length} images of {header.Shape}, the train set has {train.Count} of {train.Shape}");
        if (sampler.Image != train.Shape)
            throw new ArgumentException($"the generator was trained on {sampler.Image} images, the train set has {train.Shape}");
        var samples = header.SampleCount();
        if (samples == 0) throw new ArgumentException("no training image is eligible for GIT, so the bank would be empty");
        _train = train;
        _sampler = sampler;
        _device = device;
        Header = header;
        Blocks = blocks;
        _firstSample = new long[train.Count + 1];
        for (var i = 0; i < train.Count; i++) _firstSample[i + 1] = _firstSample[i] + header.StylesPerImage[i];
        _pixels = new byte[checked(samples * train.Shape.PixelCount)];
        _samplesPerBlock = (samples + blocks - 1) / blocks;
        StepsPerBlock = (int)((_samplesPerBlock + SamplesPerStep - 1) / SamplesPerStep);
    }

    public BankHeader Header { get; }

    public int Blocks { get; }

    public int StepsPerBlock { get; }

    /// <summary>Samples made so far: always a prefix of the bank's order.</summary>
    public long SamplesDone { get; private set; }

    public int CompletedBlocks { get; private set; }

    /// <summary>The name a bank's file takes: a hash of everything that decides its bytes, so equal inputs share a name.</summary>
    public static string FileName(string generatorSha256, DataSpec data, long seed, int maxStyles, int[] stylesPerClass)
    {
        var key = string.Join("|", generatorSha256.ToLowerInvariant(), data.Dataset, data.Ordering, data.Format, data.Path, data.TrainLimit,
            seed, maxStyles, string.Join(",", stylesPerClass));
        return $"bank-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16]}.bank";
    }

    /// <summary>The style code of sample <paramref name="style"/> of image <paramref name="image"/>: N(0, I) from its own stream.</summary>
    public static float[] StyleCode(long seed, int image, int style, int dimensions)
    {
        var rng = Rng.ForStream(seed, $"bank-style:{image}:{style}");
        var code = new float[dimensions];
        for (var d = 0; d < dimensions; d++) code[d] = (float)rng.NextGaussian();
        return code;
    }

    /// <summary>How many samples (1-based block, 0-based step) makes; 0 for the last block's trailing steps. Pure, so any thread may ask.</summary>
    public int SamplesIn(int block, int step)
    {
        var (first, end) = Range(block, step);
        return (int)Math.Max(0, end - first);
    }

    private (long First, long End) Range(int block, int step)
    {
        var first = (block - 1) * _samplesPerBlock + (long)step * SamplesPerStep;
        return (first, Math.Min(Math.Min(first + SamplesPerStep, block * _samplesPerBlock), Header.SampleCount()));
    }

    /// <summary>Generates the samples of (1-based block, 0-based step); steps must come in order (a resume starts at a block).</summary>
    public void Step(int block, int step)
    {
        var (first, end) = Range(block, step);
        if (first >= end) return;   // the last block's trailing steps are empty
        if (first != SamplesDone)
            throw new InvalidOperationException($"bank step (block {block}, step {step}) starts at sample {first}, but {SamplesDone} are done");
        Generate(first, (int)(end - first));
        SamplesDone = end;
    }

    /// <summary>Called at the end of each block, before its checkpoint.</summary>
    public void CompleteBlock(int block)
    {
        var expected = Math.Min(block * _samplesPerBlock, Header.SampleCount());
        if (SamplesDone != expected)
            throw new InvalidOperationException($"bank block {block} ends with {SamplesDone} samples made, expected {expected}");
        CompletedBlocks = block;
    }

    private void Generate(long first, int count)
    {
        var shape = _train.Shape;
        var dimensions = _sampler.StyleDim;
        var images = new List<int>();
        var imageOfSample = new long[count];
        var styles = new float[count * dimensions];
        // The image holding sample `first`: the last i with _firstSample[i] <= first.
        var image = Array.BinarySearch(_firstSample, first);
        image = image >= 0 ? image : ~image - 1;
        while (Header.StylesPerImage[image] == 0 || _firstSample[image + 1] <= first) image++;
        for (var n = 0; n < count; n++)
        {
            var sample = first + n;
            while (_firstSample[image + 1] <= sample) image++;
            if (images.Count == 0 || images[^1] != image) images.Add(image);
            imageOfSample[n] = images.Count - 1;
            StyleCode(Header.Seed, image, (int)(sample - _firstSample[image]), dimensions).CopyTo(styles, n * dimensions);
        }
        var input = new float[images.Count * shape.PixelCount];
        for (var i = 0; i < images.Count; i++)
        {
            var pixels = _train.Image(images[i]);
            for (var p = 0; p < pixels.Length; p++) input[i * shape.PixelCount + p] = pixels[p] / 255f * 2 - 1;
        }
        using var scope = NewDisposeScope();
        var x = tensor(input, [images.Count, shape.Channels, shape.Height, shape.Width]).to(_device);
        var decoded = _sampler.DecodeStyles(x, tensor(imageOfSample), tensor(styles, [count, dimensions]));
        // Back to grey levels as the data sets store them.
        var bytes = decoded.add(1).mul_(127.5).round_().clamp_(0, 255).to(ScalarType.Byte).cpu();
        bytes.data<byte>().ToArray().CopyTo(_pixels, checked((int)(first * shape.PixelCount)));
    }

    /// <summary>The samples made so far, with what identifies the bank, so a resume cannot mix two banks.</summary>
    public void SaveCheckpoint(Stream destination)
    {
        using var writer = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true);
        writer.Write(CheckpointMagic);
        writer.Write(Identity());
        writer.Write(CompletedBlocks);
        writer.Write(SamplesDone);
        writer.Write(_pixels, 0, checked((int)(SamplesDone * _train.Shape.PixelCount)));
    }

    /// <summary>Restores the samples of a checkpoint; returns the blocks it had completed.</summary>
    public int LoadCheckpoint(Stream source, string what)
    {
        using var reader = new BinaryReader(source, Encoding.UTF8, leaveOpen: true);
        if (!reader.ReadBytes(CheckpointMagic.Length).AsSpan().SequenceEqual(CheckpointMagic))
            throw new InvalidDataException($"{what} is not a bank job checkpoint");
        var identity = reader.ReadString();
        if (identity != Identity()) throw new InvalidDataException($"{what} belongs to another bank ({identity}, this job is {Identity()})");
        var blocks = reader.ReadInt32();
        var done = reader.ReadInt64();
        if (blocks < 0 || blocks > Blocks || done != Math.Min(blocks * _samplesPerBlock, Header.SampleCount()))
            throw new InvalidDataException($"{what} says {blocks} blocks and {done} samples, which do not match");
        var length = checked((int)(done * _train.Shape.PixelCount));
        var pixels = reader.ReadBytes(length);
        if (pixels.Length != length || source.ReadByte() != -1)
            throw new InvalidDataException($"{what} does not hold exactly {done} samples");
        pixels.CopyTo(_pixels, 0);
        (CompletedBlocks, SamplesDone) = (blocks, done);
        return blocks;
    }

    /// <summary>The bank file; every sample must be made.</summary>
    public void SaveBank(Stream destination)
    {
        if (SamplesDone != Header.SampleCount())
            throw new InvalidOperationException($"the bank has {SamplesDone} of {Header.SampleCount()} samples");
        AugmentationBank.Write(destination, Header, _pixels);
    }

    private string Identity() =>
        $"{Header.GeneratorSha256}|seed {Header.Seed}|S {Header.MaxStyles}|{Header.Shape}|{Header.StylesPerImage.Length} images|{Header.SampleCount()} samples|{Blocks} blocks";

    public void Dispose() => _sampler.Dispose();
}

using System.Buffers.Binary;
using System.Text;
using GitActors.Models.Data;
using GitActors.Models.Storage;

namespace GitActors.Models.Training.Bank;

/// <summary>
/// What a bank file says about itself: the image geometry, S, the seed of its style streams, the SHA-256 of the
/// generator that made it, and per training image (in the long-tailed train set's order) how many samples it holds.
/// </summary>
public sealed record BankHeader(ImageShape Shape, int MaxStyles, long Seed, string GeneratorSha256, int[] StylesPerImage)
{
    public long SampleCount() => StylesPerImage.Sum(k => (long)k);
}

/// <summary>
/// An augmentation bank in memory: T~ samples of training images, bytes per pixel like the data sets, image-major
/// (every sample of image 0, then image 1's; images without samples take no room).
/// File layout, little-endian: "GITBANK1"; channels, height, width, image count, S (int32 each); seed (int64); the
/// generator's SHA-256 as 64 ASCII hex digits; sample count (int64); samples per image (int32 each); the pixels.
/// </summary>
public sealed class AugmentationBank
{
    public const string FileKind = "augmentation bank";

    private static readonly byte[] Magic = "GITBANK1"u8.ToArray();
    private const int ShaLength = 64;

    private readonly byte[] _bytes;
    private readonly int _pixelsOffset;
    private readonly long[] _firstSample;

    private AugmentationBank(BankHeader header, byte[] bytes, int pixelsOffset)
    {
        Header = header;
        _bytes = bytes;
        _pixelsOffset = pixelsOffset;
        _firstSample = new long[header.StylesPerImage.Length];
        var next = 0L;
        for (var i = 0; i < _firstSample.Length; i++)
        {
            _firstSample[i] = next;
            next += header.StylesPerImage[i];
        }
    }

    public BankHeader Header { get; }

    public ImageShape Shape => Header.Shape;

    public int ImageCount => Header.StylesPerImage.Length;

    public int StylesOf(int image) => Header.StylesPerImage[image];

    /// <summary>Sample <paramref name="style"/> (0-based, below StylesOf(image)) of training image <paramref name="image"/>.</summary>
    public ReadOnlySpan<byte> Sample(int image, int style)
    {
        if ((uint)style >= (uint)StylesOf(image))
            throw new ArgumentOutOfRangeException(nameof(style), style, $"image {image} has {StylesOf(image)} bank samples");
        var pixels = Shape.PixelCount;
        return _bytes.AsSpan(checked(_pixelsOffset + (int)((_firstSample[image] + style) * pixels)), pixels);
    }

    /// <summary>Reads the file once, checks those bytes against the recorded SHA-256, and parses them.</summary>
    public static AugmentationBank Load(string path, string expectedSha256) => Parse(VerifiedFile.Read(path, expectedSha256, FileKind), path);

    /// <summary>A bank from its file's bytes; <paramref name="path"/> only names the file in errors.</summary>
    public static AugmentationBank Parse(byte[] bytes, string path)
    {
        var fixedLength = Magic.Length + 5 * sizeof(int) + sizeof(long) + ShaLength + sizeof(long);
        if (bytes.Length < fixedLength || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw Invalid(path, "not a bank file (no GITBANK1 header)");
        var offset = Magic.Length;
        int NextInt()
        {
            offset += sizeof(int);
            return BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset - sizeof(int)));
        }
        long NextLong()
        {
            offset += sizeof(long);
            return BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(offset - sizeof(long)));
        }
        var shape = new ImageShape(NextInt(), NextInt(), NextInt());
        var images = NextInt();
        var maxStyles = NextInt();
        var seed = NextLong();
        var sha = Encoding.ASCII.GetString(bytes, offset, ShaLength);
        offset += ShaLength;
        var samples = NextLong();
        if (shape.Channels < 1 || shape.Height < 1 || shape.Width < 1 || images < 0 || maxStyles < 1)
            throw Invalid(path, $"header has shape {shape}, {images} images, S = {maxStyles}");
        if (bytes.Length - offset < (long)images * sizeof(int))
            throw Invalid(path, $"ends inside the table of samples per image ({images} images)");
        var styles = new int[images];
        for (var i = 0; i < images; i++)
        {
            styles[i] = NextInt();
            if (styles[i] < 0 || styles[i] > maxStyles) throw Invalid(path, $"image {i} has {styles[i]} samples, outside 0..{maxStyles}");
        }
        var header = new BankHeader(shape, maxStyles, seed, sha, styles);
        if (header.SampleCount() != samples)
            throw Invalid(path, $"the header counts {samples} samples, the table {header.SampleCount()}");
        if (bytes.Length - offset != samples * shape.PixelCount)
            throw Invalid(path, $"{bytes.Length - offset} pixel bytes for {samples} samples of {shape} ({samples * shape.PixelCount} expected)");
        return new AugmentationBank(header, bytes, offset);
    }

    /// <summary>Writes a bank file: the header, then <paramref name="pixels"/> (SampleCount x pixels, in the bank's order).</summary>
    public static void Write(Stream destination, BankHeader header, ReadOnlySpan<byte> pixels)
    {
        if (header.GeneratorSha256.Length != ShaLength || !header.GeneratorSha256.All(char.IsAsciiHexDigit))
            throw new ArgumentException($"'{header.GeneratorSha256}' is not a SHA-256 in hex", nameof(header));
        if (pixels.Length != header.SampleCount() * header.Shape.PixelCount)
            throw new ArgumentException($"{pixels.Length} pixel bytes for {header.SampleCount()} samples of {header.Shape}", nameof(pixels));
        using var writer = new BinaryWriter(destination, Encoding.ASCII, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(header.Shape.Channels);
        writer.Write(header.Shape.Height);
        writer.Write(header.Shape.Width);
        writer.Write(header.StylesPerImage.Length);
        writer.Write(header.MaxStyles);
        writer.Write(header.Seed);
        writer.Write(Encoding.ASCII.GetBytes(header.GeneratorSha256.ToLowerInvariant()));
        writer.Write(header.SampleCount());
        foreach (var k in header.StylesPerImage) writer.Write(k);
        writer.Write(pixels);
    }

    private static InvalidDataException Invalid(string path, string problem) => new($"{FileKind} {path}: {problem}");
}

using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace GitActors.Models.Tests.Data.Readers;

/// <summary>A temp folder that writes small files in the real on-disk formats and deletes itself.</summary>
internal sealed class DataFixtures : IDisposable
{
    public DataFixtures() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "gitactors-data-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(Root, recursive: true);

    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>Images are n x h x w bytes; image i's pixels are (i * 7 + p) mod 256, labels i mod classes.</summary>
    public static byte[] PatternPixels(int count, int pixelsPerImage)
    {
        var pixels = new byte[count * pixelsPerImage];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)((i / pixelsPerImage) * 7 + i % pixelsPerImage);
        return pixels;
    }

    public static byte[] IdxImages(byte[] pixels, int count, int height, int width)
    {
        var bytes = new byte[16 + pixels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x00000803);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), height);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), width);
        pixels.CopyTo(bytes, 16);
        return bytes;
    }

    public static byte[] IdxLabels(IReadOnlyList<int> labels)
    {
        var bytes = new byte[8 + labels.Count];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x00000801);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Count);
        for (var i = 0; i < labels.Count; i++) bytes[8 + i] = (byte)labels[i];
        return bytes;
    }

    public string Write(string name, byte[] bytes, bool gzip = false)
    {
        var path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!gzip)
        {
            File.WriteAllBytes(path, bytes);
            return path;
        }
        using var file = File.Create(path);
        using var zip = new GZipStream(file, CompressionLevel.Fastest);
        zip.Write(bytes);
        return path;
    }

    /// <summary>A version-1 .npy: magic, version, little-endian header length, dict padded to a 64-byte boundary.</summary>
    /// <param name="shapeText">The header's shape tuple as written, when a test needs one no int[] can express.</param>
    public static byte[] Npy(string descr, int[] shape, byte[] data, int version = 1, string? shapeText = null)
    {
        shapeText ??= shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        var prefix = version == 1 ? 10 : 12;
        var padded = (prefix + dict.Length + 1 + 63) / 64 * 64 - prefix;
        var header = dict.PadRight(padded - 1) + "\n";
        using var stream = new MemoryStream();
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)version, 0]);
        if (version == 1) stream.Write(BitConverter.GetBytes((ushort)header.Length));
        else stream.Write(BitConverter.GetBytes((uint)header.Length));
        stream.Write(Encoding.ASCII.GetBytes(header));
        stream.Write(data);
        return stream.ToArray();
    }

    public string WriteNpz(string name, byte[] npy, CompressionLevel level = CompressionLevel.Optimal)
    {
        var path = PathOf(name);
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        using var entry = zip.CreateEntry("arr_0.npy", level).Open();
        entry.Write(npy);
        return path;
    }

    /// <summary>A P6 PPM with a comment line in the header; rgb is interleaved.</summary>
    public string WritePpm(string name, int width, int height, byte[] rgb)
    {
        var header = Encoding.ASCII.GetBytes($"P6\n# written by a test\n{width} {height}\n255\n");
        return Write(name, [.. header, .. rgb]);
    }
}

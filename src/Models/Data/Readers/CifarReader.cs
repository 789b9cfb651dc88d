namespace GitActors.Models.Data.Readers;

/// <summary>
/// CIFAR binary batches. CIFAR-10 record: 1 label byte + 3072 pixel bytes (1024 R, 1024 G, 1024 B, each 32x32 row-major,
/// which is already channel-first). CIFAR-100 record: coarse byte + fine byte + 3072 pixels; we use the fine label.
/// </summary>
public static class CifarReader
{
    public const int PixelBytes = 3 * 32 * 32;

    public static ImageShape Shape { get; } = new(3, 32, 32);

    public static ImageSet ReadCifar10(IEnumerable<string> batchPaths) => Read(batchPaths, labelBytes: 1, classCount: 10);

    public static ImageSet ReadCifar100(IEnumerable<string> batchPaths) => Read(batchPaths, labelBytes: 2, classCount: 100);

    private static ImageSet Read(IEnumerable<string> batchPaths, int labelBytes, int classCount)
    {
        var recordSize = labelBytes + PixelBytes;
        var files = batchPaths.Select(path => (Path: path, Bytes: FileBytes.ReadAll(path))).ToList();
        foreach (var (path, bytes) in files)
            if (bytes.Length == 0 || bytes.Length % recordSize != 0)
                throw new DataFormatException(path, bytes.Length / recordSize * recordSize,
                    $"whole {recordSize}-byte records (file size a positive multiple of {recordSize})",
                    $"{bytes.Length % recordSize} trailing bytes in a {bytes.Length}-byte file");

        var count = files.Sum(f => f.Bytes.Length / recordSize);
        var pixels = new byte[(long)count * PixelBytes];
        var labels = new int[count];
        var image = 0;
        foreach (var (path, bytes) in files)
            for (var offset = 0; offset < bytes.Length; offset += recordSize, image++)
            {
                var labelOffset = offset + labelBytes - 1; // the fine label is the last label byte
                int label = bytes[labelOffset];
                if (label >= classCount)
                    throw new DataFormatException(path, labelOffset, $"a label below {classCount}", $"{label}");
                labels[image] = label;
                bytes.AsSpan(offset + labelBytes, PixelBytes).CopyTo(pixels.AsSpan(image * PixelBytes, PixelBytes));
            }
        return new ImageSet(pixels, labels, Shape, classCount);
    }
}

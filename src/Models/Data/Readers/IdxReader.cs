namespace GitActors.Models.Data.Readers;

/// <summary>
/// The IDX format of MNIST, Fashion-MNIST, KMNIST: big-endian magic 0x00000803 (unsigned bytes, 3 dims N x H x W) for
/// images and 0x00000801 (N) for labels, raw or gzipped.
/// </summary>
public static class IdxReader
{
    private const int ImagesMagic = 0x00000803;
    private const int LabelsMagic = 0x00000801;

    /// <param name="classCount">Label range; null takes max label + 1.</param>
    public static ImageSet Read(string imagesPath, string labelsPath, int? classCount = null)
    {
        var (pixels, count, height, width) = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (labels.Length != count)
            throw new DataFormatException(labelsPath, 4, $"{count} labels (as many as images in {imagesPath})", $"{labels.Length}");
        var classes = classCount ?? (labels.Length == 0 ? 0 : labels.Max() + 1);
        var bad = Array.FindIndex(labels, l => l >= classes);
        if (bad >= 0) throw new DataFormatException(labelsPath, 8 + bad, $"a label below {classes}", $"{labels[bad]}");
        return new ImageSet(pixels, labels, new ImageShape(1, height, width), classes);
    }

    private static (byte[] Pixels, int Count, int Height, int Width) ReadImages(string path)
    {
        var bytes = FileBytes.ReadMaybeGzipped(path);
        var magic = FileBytes.BigEndianInt32(bytes, 0, path, "IDX magic");
        if (magic != ImagesMagic)
            throw new DataFormatException(path, 0, "IDX image magic 0x00000803", $"0x{magic:x8}");
        var count = FileBytes.BigEndianInt32(bytes, 4, path, "image count");
        var height = FileBytes.BigEndianInt32(bytes, 8, path, "image height");
        var width = FileBytes.BigEndianInt32(bytes, 12, path, "image width");
        if (count < 0 || height <= 0 || width <= 0)
            throw new DataFormatException(path, 4, "positive dimensions", $"{count} x {height} x {width}");
        var size = FileBytes.RequireArray(bytes.Length, 16, [count, height, width], 1, path, $"pixels for {count} images of {height}x{width}");
        if (bytes.Length != 16 + size)
            throw new DataFormatException(path, 16 + size, "end of file", $"{bytes.Length - 16 - size} extra bytes");
        return (bytes.AsSpan(16).ToArray(), count, height, width);
    }

    private static int[] ReadLabels(string path)
    {
        var bytes = FileBytes.ReadMaybeGzipped(path);
        var magic = FileBytes.BigEndianInt32(bytes, 0, path, "IDX magic");
        if (magic != LabelsMagic)
            throw new DataFormatException(path, 0, "IDX label magic 0x00000801", $"0x{magic:x8}");
        var count = FileBytes.BigEndianInt32(bytes, 4, path, "label count");
        if (count < 0) throw new DataFormatException(path, 4, "a non-negative label count", $"{count}");
        FileBytes.Require(bytes, 8, count, path, $"{count} labels"); // before the labels are allocated
        var labels = new int[count];
        for (var i = 0; i < count; i++) labels[i] = bytes[8 + i];
        return labels;
    }
}

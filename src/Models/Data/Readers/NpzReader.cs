using System.IO.Compression;

namespace GitActors.Models.Data.Readers;

/// <summary>
/// The K49 (Kuzushiji-49) .npz format: a zip (stored or deflated) holding one array, arr_0.npy: images uint8 of shape
/// N x H x W (grey) or N x H x W x C (channels last, converted to channel-first), labels any integer type of shape N.
/// </summary>
public static class NpzReader
{
    /// <param name="classCount">Label range; null takes max label + 1.</param>
    public static ImageSet Read(string imagesPath, string labelsPath, int? classCount = null)
    {
        var images = ReadArray(imagesPath);
        var labelArray = ReadArray(labelsPath);
        if (images.Shape.Length is not (3 or 4))
            throw new DataFormatException(images.Path, 0, "an image array of shape (N, H, W) or (N, H, W, C)", $"({string.Join(", ", images.Shape)})");
        var count = images.Shape[0];
        var shape = new ImageShape(images.Shape.Length == 4 ? images.Shape[3] : 1, images.Shape[1], images.Shape[2]);
        if (labelArray.Shape.Length != 1 || labelArray.Shape[0] != count)
            throw new DataFormatException(labelArray.Path, 0, $"a label array of shape ({count},)", $"({string.Join(", ", labelArray.Shape)})");

        var labels = labelArray.ToInt32();
        var classes = classCount ?? (labels.Length == 0 ? 0 : labels.Max() + 1);
        var bad = Array.FindIndex(labels, l => l < 0 || l >= classes);
        if (bad >= 0) throw new DataFormatException(labelArray.Path, 0, $"labels in 0..{classes - 1}", $"{labels[bad]} at index {bad}");
        return new ImageSet(ChannelFirst(images.AsBytes(), count, shape), labels, shape, classes);
    }

    private static byte[] ChannelFirst(ReadOnlySpan<byte> source, int count, ImageShape shape)
    {
        if (shape.Channels == 1) return source.ToArray();
        var pixels = new byte[source.Length];
        var plane = shape.Height * shape.Width;
        for (var n = 0; n < count; n++)
        {
            var from = source.Slice(n * shape.PixelCount, shape.PixelCount);
            var to = pixels.AsSpan(n * shape.PixelCount, shape.PixelCount);
            for (var p = 0; p < plane; p++)
                for (var c = 0; c < shape.Channels; c++)
                    to[c * plane + p] = from[p * shape.Channels + c];
        }
        return pixels;
    }

    /// <summary>
    /// The member's sizes come from the zip's directory: before its uncompressed size is allocated, it must be what the
    /// archive's bytes can hold (compressed bytes within the file, expanding at most by deflate's ratio) and fit one array.
    /// </summary>
    private static void RequireMemberFits(ZipArchiveEntry entry, long archiveLength, string memberPath)
    {
        var bound = Math.Min(Array.MaxLength, Math.Min(entry.CompressedLength, archiveLength) * FileBytes.MaxDeflateRatio);
        if (entry.Length < 0 || entry.Length > bound)
            throw new DataFormatException(memberPath, 0,
                $"an uncompressed size of at most {bound} bytes ({entry.CompressedLength} compressed bytes in a {archiveLength}-byte archive)",
                $"{entry.Length} bytes, a size that does not fit");
    }

    /// <summary>arr_0.npy, or the archive's only member, parsed.</summary>
    private static NpyArray ReadArray(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"data file not found: {path}", path);
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var entry = zip.GetEntry("arr_0.npy") ?? (zip.Entries.Count == 1 ? zip.Entries[0] : null)
                ?? throw new DataFormatException(path, 0, "a member arr_0.npy", string.Join(", ", zip.Entries.Select(e => e.FullName)));
            var memberPath = $"{path}!{entry.FullName}";
            RequireMemberFits(entry, new FileInfo(path).Length, memberPath);
            using var stream = entry.Open();
            var bytes = new byte[entry.Length];
            var read = 0;
            while (read < bytes.Length)
            {
                var n = stream.Read(bytes, read, bytes.Length - read);
                if (n == 0) break;
                read += n;
            }
            if (read != bytes.Length) throw new DataFormatException(memberPath, read, $"{bytes.Length} bytes", $"{read} (member truncated)");
            return NpyArray.Parse(bytes, memberPath);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, 0, "a readable zip (.npz) archive", e.Message, e);
        }
    }
}

using System.Buffers.Binary;
using System.IO.Compression;

namespace GitActors.Models.Data.Readers;

/// <summary>
/// Whole-file reads with gzip detection and bounds-checked fields that fail with a DataFormatException. Every size a
/// header claims is checked against the bytes the file holds before anything is allocated from it.
/// </summary>
internal static class FileBytes
{
    /// <summary>
    /// Deflate expands at most about 1032:1 (a 258-byte match in under two bits), so compressed bytes times this bounds
    /// what a gzip or zip member can decompress to, whatever its size fields claim.
    /// </summary>
    public const long MaxDeflateRatio = 1032;

    /// <summary>The file's bytes, gunzipped when it starts with the gzip magic 1f 8b (whatever its name).</summary>
    public static byte[] ReadMaybeGzipped(string path)
    {
        var raw = ReadAll(path);
        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b) return raw;
        // The trailer's ISIZE (size mod 2^32) lets one exact buffer take the output, unless it claims more than deflate
        // can make of this file; a smaller lie (or a file over 4 GiB) only means growing the buffer as data arrives.
        var expected = raw.Length >= 18 ? BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(raw.Length - 4)) : 0u;
        var bound = raw.Length * MaxDeflateRatio;
        if (expected > bound)
            throw new DataFormatException(path, raw.Length - 4,
                $"a gzip size trailer of at most {bound} bytes ({MaxDeflateRatio} x the {raw.Length}-byte file)",
                $"{expected} bytes, a size that does not fit");
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            var buffer = new byte[Math.Min(expected, (uint)Array.MaxLength)];
            var filled = 0;
            Span<byte> probe = stackalloc byte[1];
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (gzip.Read(probe) == 0) break;
                    if (buffer.Length == Array.MaxLength)
                        throw new DataFormatException(path, filled, $"at most {Array.MaxLength} decompressed bytes", "more");
                    Array.Resize(ref buffer, (int)Math.Min(Array.MaxLength, Math.Max(4096L, buffer.Length * 2L)));
                    buffer[filled++] = probe[0];
                }
                var read = gzip.Read(buffer, filled, buffer.Length - filled);
                if (read == 0) break;
                filled += read;
            }
            if (filled != buffer.Length) Array.Resize(ref buffer, filled);
            return buffer;
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, 0, "a valid gzip stream", e.Message, e);
        }
    }

    public static byte[] ReadAll(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"data file not found: {path}", path);
        return File.ReadAllBytes(path);
    }

    public static int BigEndianInt32(byte[] bytes, int offset, string path, string what)
    {
        Require(bytes, offset, 4, path, what);
        return BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset, 4));
    }

    /// <summary>Throws unless <paramref name="count"/> bytes are present from <paramref name="offset"/>.</summary>
    public static void Require(byte[] bytes, long offset, long count, string path, string what) =>
        Require(bytes.Length, offset, count, path, what);

    /// <summary>Throws unless <paramref name="count"/> bytes fit in a <paramref name="length"/>-byte file from <paramref name="offset"/>.</summary>
    public static void Require(long length, long offset, long count, string path, string what)
    {
        if (count < 0 || offset + count > length) throw DoesNotFit(length, offset, $"{count}", path, what);
    }

    /// <summary>
    /// The byte length of an array of <paramref name="dims"/> items of <paramref name="itemSize"/> bytes, once it is known
    /// to fit in a <paramref name="length"/>-byte file from <paramref name="offset"/>. Negative dimensions fail, and the
    /// product is bounded as it is formed, so dimensions that multiply past 2^63 cannot wrap round to a size that fits.
    /// </summary>
    public static long RequireArray(long length, long offset, IReadOnlyList<long> dims, int itemSize, string path, string what)
    {
        if (dims.Any(d => d < 0))
            throw new DataFormatException(path, offset, $"non-negative dimensions of {what}", string.Join(" x ", dims));
        if (dims.Contains(0)) return 0;
        var left = Math.Max(0, length - offset);
        long size = itemSize;
        foreach (var dim in dims)
        {
            if (size > left / dim) throw DoesNotFit(length, offset, $"{string.Join(" x ", dims)} x {itemSize}", path, what);
            size *= dim;
        }
        if (size > left) throw DoesNotFit(length, offset, $"{size}", path, what);
        return size;
    }

    private static DataFormatException DoesNotFit(long length, long offset, string needed, string path, string what) =>
        new(path, offset, $"{needed} bytes of {what}",
            $"{Math.Max(0, length - offset)} bytes: the size does not fit (file truncated or header wrong)");
}

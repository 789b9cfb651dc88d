using System.Buffers.Binary;
using System.IO.Compression;

namespace GitActors.Models.Data.Readers;

/// <summary>Whole-file reads with gzip detection and bounds-checked big-endian fields that fail with a DataFormatException.</summary>
internal static class FileBytes
{
    /// <summary>The file's bytes, gunzipped when it starts with the gzip magic 1f 8b (whatever its name).</summary>
    public static byte[] ReadMaybeGzipped(string path)
    {
        var raw = ReadAll(path);
        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b) return raw;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            // The trailer's ISIZE (size mod 2^32) lets one exact buffer take the output; fall back to growing if it lies.
            var expected = raw.Length >= 18 ? BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(raw.Length - 4)) : 0u;
            var buffer = new byte[Math.Min(expected, (uint)Array.MaxLength)];
            var filled = 0;
            Span<byte> probe = stackalloc byte[1];
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (gzip.Read(probe) == 0) break;
                    Array.Resize(ref buffer, Math.Max(4096, buffer.Length * 2));
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
    public static void Require(byte[] bytes, long offset, long count, string path, string what)
    {
        if (offset + count > bytes.Length)
            throw new DataFormatException(path, offset, $"{count} bytes of {what}", $"{Math.Max(0, bytes.Length - offset)} bytes (file truncated)");
    }
}

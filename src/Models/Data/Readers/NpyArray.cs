using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace GitActors.Models.Data.Readers;

/// <summary>
/// One parsed .npy array (format versions 1-3, C order): its shape, element type and raw little- or big-endian data.
/// Only what image and label arrays need: unsigned/signed integers of 1, 2, 4 or 8 bytes.
/// </summary>
internal sealed partial class NpyArray
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private NpyArray(int[] shape, char kind, int itemSize, bool bigEndian, byte[] bytes, int dataOffset, string path)
    {
        Shape = shape;
        Kind = kind;
        ItemSize = itemSize;
        BigEndian = bigEndian;
        Bytes = bytes;
        DataOffset = dataOffset;
        Path = path;
    }

    public int[] Shape { get; }

    /// <summary>'u' or 'i'.</summary>
    public char Kind { get; }

    public int ItemSize { get; }

    public bool BigEndian { get; }

    public string Path { get; }

    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    private byte[] Bytes { get; }

    private int DataOffset { get; }

    public static NpyArray Parse(byte[] bytes, string path)
    {
        FileBytes.Require(bytes, 0, 10, path, ".npy preamble");
        if (!bytes.AsSpan(0, 6).SequenceEqual(Magic))
            throw new DataFormatException(path, 0, "the .npy magic \\x93NUMPY", Convert.ToHexString(bytes, 0, 6));
        int major = bytes[6];
        long headerLength;
        int headerStart;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8, 2));
                headerStart = 10;
                break;
            case 2 or 3:
                FileBytes.Require(bytes, 8, 4, path, ".npy header length");
                headerLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8, 4));
                headerStart = 12;
                break;
            default:
                throw new DataFormatException(path, 6, ".npy format version 1, 2 or 3", $"{major}.{bytes[7]}");
        }
        FileBytes.Require(bytes, headerStart, headerLength, path, ".npy header");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes, headerStart, (int)headerLength);

        var descr = DescrPattern().Match(header);
        if (!descr.Success) throw new DataFormatException(path, headerStart, "a 'descr' entry", header.Trim());
        var (kind, itemSize, bigEndian) = ParseDescr(descr.Groups[1].Value, path, headerStart);
        var fortran = FortranPattern().Match(header);
        if (!fortran.Success || fortran.Groups[1].Value != "False")
            throw new DataFormatException(path, headerStart, "'fortran_order': False", header.Trim());
        var shapeMatch = ShapePattern().Match(header);
        if (!shapeMatch.Success) throw new DataFormatException(path, headerStart, "a 'shape' tuple", header.Trim());
        var shape = ParseShape(shapeMatch.Groups[1].Value, path, headerStart);

        // The data must be in the member before anything is sized from the shape (a lying shape cannot allocate).
        var dataOffset = headerStart + (int)headerLength;
        FileBytes.RequireArray(bytes.Length, dataOffset, shape.Select(d => (long)d).ToArray(), itemSize, path,
            $"array data of shape ({string.Join(", ", shape)})");
        return new NpyArray(shape, kind, itemSize, bigEndian, bytes, dataOffset, path);
    }

    /// <summary>The data as bytes; only for '|u1' arrays (images).</summary>
    public ReadOnlySpan<byte> AsBytes()
    {
        if (Kind != 'u' || ItemSize != 1)
            throw new DataFormatException(Path, 0, "an unsigned 8-bit array (descr '|u1')", $"{Kind}{ItemSize}");
        return Bytes.AsSpan(DataOffset, (int)ElementCount);
    }

    /// <summary>The data as 32-bit integers (labels); fails on values that do not fit.</summary>
    public int[] ToInt32()
    {
        var values = new int[ElementCount];
        var data = Bytes.AsSpan(DataOffset);
        for (var i = 0; i < values.Length; i++)
        {
            var item = data.Slice(i * ItemSize, ItemSize);
            long value = (Kind, ItemSize) switch
            {
                ('u', 1) => item[0],
                ('i', 1) => (sbyte)item[0],
                ('u', 2) => BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(item) : BinaryPrimitives.ReadUInt16LittleEndian(item),
                ('i', 2) => BigEndian ? BinaryPrimitives.ReadInt16BigEndian(item) : BinaryPrimitives.ReadInt16LittleEndian(item),
                ('u', 4) => BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(item) : BinaryPrimitives.ReadUInt32LittleEndian(item),
                ('i', 4) => BigEndian ? BinaryPrimitives.ReadInt32BigEndian(item) : BinaryPrimitives.ReadInt32LittleEndian(item),
                ('i', 8) => BigEndian ? BinaryPrimitives.ReadInt64BigEndian(item) : BinaryPrimitives.ReadInt64LittleEndian(item),
                _ => (long)(BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(item) : BinaryPrimitives.ReadUInt64LittleEndian(item)),
            };
            if (value is < int.MinValue or > int.MaxValue)
                throw new DataFormatException(Path, DataOffset + (long)i * ItemSize, "a value that fits in 32 bits", $"{value}");
            values[i] = (int)value;
        }
        return values;
    }

    private static int[] ParseShape(string tuple, string path, int offset) => tuple
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(d => int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new DataFormatException(path, offset, "shape dimensions that are integers from 0 to 2^31-1", $"({tuple})"))
        .ToArray();

    private static (char Kind, int Size, bool BigEndian) ParseDescr(string descr, string path, int offset)
    {
        if (descr.Length == 3 && descr[0] is '<' or '>' or '|' or '=' && descr[1] is 'u' or 'i' && descr[2] is '1' or '2' or '4' or '8')
            return (descr[1], descr[2] - '0', descr[0] == '>');
        throw new DataFormatException(path, offset, "an integer descr such as '|u1', '<i8', '<i4'", $"'{descr}'");
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}

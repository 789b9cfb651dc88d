namespace GitActors.Host.Tests.TensorBoard;

/// <summary>
/// Reads a TensorBoard event file record by record, checking each record the way TensorFlow's reader does: u64
/// length, masked CRC-32C of the length bytes, the data, masked CRC-32C of the data. Written here from the format's
/// definition (not TorchSharp's code), so a writer bug in either CRC or framing fails the test.
/// </summary>
internal static class TfRecordReader
{
    private static readonly uint[] Table = BuildTable();

    public static IReadOnlyList<byte[]> Records(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var records = new List<byte[]>();
        var at = 0;
        while (at < bytes.Length)
        {
            if (bytes.Length - at < 12) throw new InvalidDataException($"{path}: {bytes.Length - at} trailing bytes at {at}");
            var lengthBytes = bytes.AsSpan(at, 8);
            var length = BitConverter.ToUInt64(lengthBytes);
            var lengthCrc = BitConverter.ToUInt32(bytes, at + 8);
            if (lengthCrc != Masked(lengthBytes)) throw new InvalidDataException($"{path}: bad length CRC at {at}");
            if ((ulong)(bytes.Length - at - 16) < length) throw new InvalidDataException($"{path}: record at {at} runs past the end");
            var data = bytes.AsSpan(at + 12, (int)length);
            var dataCrc = BitConverter.ToUInt32(bytes, at + 12 + (int)length);
            if (dataCrc != Masked(data)) throw new InvalidDataException($"{path}: bad data CRC at {at}");
            records.Add(data.ToArray());
            at += 16 + (int)length;
        }
        return records;
    }

    /// <summary>TFRecord's mask: rotate right by 15 bits and add 0xa282ead8.</summary>
    private static uint Masked(ReadOnlySpan<byte> data)
    {
        var crc = Crc32C(data);
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }

    private static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0x82F63B78u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        return table;
    }
}

namespace GitActors.Models.Tests.Training;

/// <summary>Edits to a module's saved state (TorchSharp's format) inside checkpoint bytes, for tests of lying sizes.</summary>
internal static class ModuleStateBytes
{
    /// <summary>
    /// The bytes with the first tensor's rank, in the module state at <paramref name="start"/>, replaced by 2^35 - 1
    /// (LEB128): TorchSharp alone would allocate that many dimensions (256 GiB) before comparing shapes.
    /// </summary>
    public static byte[] WithHugeFirstRank(byte[] bytes, long start)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        reader.BaseStream.Position = start;
        while (reader.ReadByte() >= 0x80) { } // entry count
        reader.ReadString();                  // the first entry's name
        reader.ReadByte();                    // its dtype (one LEB128 byte for every TorchSharp type)
        var rank = (int)reader.BaseStream.Position;
        Assert.True(bytes[rank] < 0x80, "a tensor's rank is one LEB128 byte");
        return [.. bytes[..rank], 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, .. bytes[(rank + 1)..]];
    }
}

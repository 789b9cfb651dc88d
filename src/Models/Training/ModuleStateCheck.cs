using static TorchSharp.torch;

namespace GitActors.Models.Training;

/// <summary>
/// Checks a module's saved state (TorchSharp's format: an entry count, then per entry a name and a tensor written as
/// dtype, rank, dimensions and raw data) against the module it is about to load into, and rewinds. TorchSharp's own
/// load allocates the rank it reads before comparing shapes, so a lying rank would be an allocation sized by the file;
/// after this check every size it reads is one the module already has, and every tensor's data is in the stream.
/// </summary>
internal static class ModuleStateCheck
{
    /// <summary>Throws an InvalidDataException naming <paramref name="path"/> and <paramref name="part"/> unless the state fits.</summary>
    public static void Require(nn.Module module, BinaryReader reader, string path, string part)
    {
        var stream = reader.BaseStream;
        var start = stream.Position;
        var expected = module.state_dict();
        try
        {
            var count = Leb128(reader);
            if (count != expected.Count) throw Mismatch(path, part, start, $"{count} entries, the module has {expected.Count}");
            for (var i = 0; i < count; i++)
            {
                var at = stream.Position;
                var name = reader.ReadString();
                if (!expected.TryGetValue(name, out var tensor)) throw Mismatch(path, part, at, "an entry the module does not have");
                var dtype = Leb128(reader);
                var rank = Leb128(reader);
                if (dtype != (long)tensor.dtype || rank != tensor.shape.Length)
                    throw Mismatch(path, part, at, $"'{name}' is dtype {dtype} of rank {rank}, the module's is {tensor.dtype} of rank {tensor.shape.Length}");
                foreach (var size in tensor.shape)
                    if (Leb128(reader) != size) throw Mismatch(path, part, at, $"'{name}' is not of shape ({string.Join(", ", tensor.shape)})");
                var bytes = tensor.numel() * tensor.ElementSize;
                if (bytes > stream.Length - stream.Position)
                    throw new InvalidDataException($"{path}: {part} is truncated: '{name}' at offset {at} needs {bytes} bytes, {stream.Length - stream.Position} are left");
                stream.Seek(bytes, SeekOrigin.Current);
            }
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: {part} is truncated");
        }
        stream.Position = start;
    }

    /// <summary>TorchSharp writes its counts and sizes as unsigned LEB128 (7 bits a byte, low first; its codec is internal).</summary>
    private static long Leb128(BinaryReader reader)
    {
        long value = 0;
        for (var shift = 0; shift < 63; shift += 7)
        {
            var b = reader.ReadByte();
            value |= (long)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
        return long.MaxValue; // longer than any size TorchSharp writes: it will not match
    }

    private static InvalidDataException Mismatch(string path, string part, long offset, string problem) =>
        new($"{path}: {part} at offset {offset} does not fit the network: {problem}");
}

using GitActors.Models.Data;
using GitActors.Models.Networks.Munit;
using static TorchSharp.torch;

namespace GitActors.Models.Training.Munit;

/// <summary>Header and option records shared by the MUNIT checkpoint files; every failure names the file.</summary>
internal static class MunitCheckpointIo
{
    public static void WriteHeader(BinaryWriter writer, string magic, int version)
    {
        writer.Write(magic);
        writer.Write(version);
    }

    public static void ReadHeader(BinaryReader reader, string path, string magic, int version) =>
        ReadHeader(reader, path, magic, [version]);

    /// <summary>Checks the magic and returns the file's version, one of <paramref name="versions"/>.</summary>
    public static int ReadHeader(BinaryReader reader, string path, string magic, IReadOnlyList<int> versions)
    {
        string found;
        try { found = reader.ReadString(); }
        catch (Exception e) when (e is EndOfStreamException or IOException) { found = ""; }
        if (found != magic)
            throw new InvalidDataException($"{path}: not a {magic} file (header at offset 0 reads '{Printable(found)}')");
        var foundVersion = Read(path, "version", reader.ReadInt32);
        if (!versions.Contains(foundVersion))
            throw new InvalidDataException($"{path}: {magic} version {foundVersion} is not supported (expected {string.Join(" or ", versions)})");
        return foundVersion;
    }

    public static void Write(BinaryWriter writer, ImageShape shape)
    {
        writer.Write(shape.Channels);
        writer.Write(shape.Height);
        writer.Write(shape.Width);
    }

    public static ImageShape ReadImageShape(BinaryReader reader, string path)
    {
        var shape = new ImageShape(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        if (shape.Channels is < 1 or > 4 || shape.Height < 1 || shape.Width < 1)
            throw new InvalidDataException($"{path}: image shape {shape} at offset {reader.BaseStream.Position - 12} is invalid");
        return shape;
    }

    public static void Write(BinaryWriter writer, MunitGeneratorOptions options)
    {
        foreach (var value in new[] { options.InputChannels, options.Dim, options.StyleDim, options.MlpDim, options.Downsamplings, options.ResBlocks })
            writer.Write(value);
    }

    public static MunitGeneratorOptions ReadGeneratorOptions(BinaryReader reader, string path)
    {
        var options = new MunitGeneratorOptions(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        try { options.Validate(); }
        catch (ArgumentException e) { throw new InvalidDataException($"{path}: {e.Message}", e); }
        return options;
    }

    public static void Write(BinaryWriter writer, MunitDiscriminatorOptions options)
    {
        writer.Write(options.InputChannels);
        writer.Write(options.Dim);
        writer.Write(options.Layers);
    }

    public static MunitDiscriminatorOptions ReadDiscriminatorOptions(BinaryReader reader) =>
        new(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());

    public static void Write(BinaryWriter writer, MunitHyperParameters hyper)
    {
        foreach (var value in new[] { hyper.Lr, hyper.Beta1, hyper.Beta2, hyper.WeightDecay, hyper.LrGamma, hyper.GanWeight,
                     hyper.ReconXWeight, hyper.ReconSWeight, hyper.ReconCWeight, hyper.ReconXCycWeight, hyper.VggWeight })
            writer.Write(value);
        writer.Write(hyper.LrStepSize);
    }

    public static MunitHyperParameters ReadHyperParameters(BinaryReader reader, string path)
    {
        var v = new double[11];
        for (var i = 0; i < v.Length; i++) v[i] = reader.ReadDouble();
        var hyper = new MunitHyperParameters(Lr: v[0], Beta1: v[1], Beta2: v[2], WeightDecay: v[3], LrStepSize: reader.ReadInt32(),
            LrGamma: v[4], GanWeight: v[5], ReconXWeight: v[6], ReconSWeight: v[7], ReconCWeight: v[8], ReconXCycWeight: v[9], VggWeight: v[10]);
        if (v.Any(value => !double.IsFinite(value) || value < 0))
            throw new InvalidDataException($"{path}: MUNIT hyperparameters {hyper} hold a negative or non-finite value");
        return hyper;
    }

    /// <summary>
    /// A count of items of at least <paramref name="itemBytes"/> bytes each, read and checked before anything is allocated
    /// from it: not negative, and all its items fit in what the (seekable) stream has left.
    /// </summary>
    public static int ReadCount(BinaryReader reader, string path, string part, int itemBytes)
    {
        var stream = reader.BaseStream;
        var offset = stream.Position;
        var count = Read(path, part, reader.ReadInt32);
        var left = stream.Length - stream.Position;
        if (count < 0 || (long)count * itemBytes > left)
            throw new InvalidDataException(
                $"{path}: {part} at offset {offset} claims {count} items of {itemBytes} bytes, a size that does not fit in the {left} bytes left");
        return count;
    }

    /// <summary>A network's weights, their sizes checked against the network and the file before TorchSharp reads them.</summary>
    public static void Load(nn.Module module, BinaryReader reader, string path, string part)
    {
        Read(path, part, () =>
        {
            ModuleStateCheck.Require(module, reader, path, part);
            return module.load(reader);
        });
    }

    /// <summary>Runs a read step and turns torn or foreign content into an error that names the file and the part.</summary>
    public static T Read<T>(string path, string part, Func<T> read)
    {
        try { return read(); }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: cannot read {part}: {e.Message}", e);
        }
    }

    private static string Printable(string s) => new(s.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}

using GitActors.Models.Data;
using GitActors.Models.Networks.Munit;
using TorchSharp;
using static TorchSharp.torch;

namespace GitActors.Models.Training.Munit;

/// <summary>
/// The learned nuisance model on disk: the translator's options, which networks it was made of, its weights and the
/// image geometry it was trained on. Loaded by <see cref="MunitSampler"/>; the discriminators and optimizer states
/// stay in the trainer checkpoint. Version 1 files predate the translation record and hold gen_a alone.
/// </summary>
public static class MunitGeneratorCheckpoint
{
    private const string Magic = "GITACTORS-MUNIT-GENERATOR";
    private const int Version = 2;
    private const int VersionWithoutTranslation = 1;

    /// <summary>Writes the generator file's bytes to a stream (the engine writes it atomically and hashes it).</summary>
    public static void Save(Stream destination, MunitGenerator generator, ImageShape image, MunitTranslation translation)
    {
        if (generator.Options.InputChannels != image.Channels)
            throw new ArgumentException($"a {generator.Options.InputChannels}-channel generator cannot be saved for {image} images");
        using var writer = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true);
        MunitCheckpointIo.WriteHeader(writer, Magic, Version);
        MunitCheckpointIo.Write(writer, image);
        MunitCheckpointIo.Write(writer, generator.Options);
        writer.Write(MunitTranslationNames.Name(translation));
        generator.save(writer);
        writer.Flush();
    }

    /// <summary>Reads the generator onto <paramref name="device"/> (CPU by default), in eval mode.</summary>
    public static (MunitGenerator Generator, ImageShape Image, MunitTranslation Translation) Load(string path, Device? device = null)
    {
        using var stream = File.OpenRead(path);
        return Load(stream, path, device);
    }

    /// <summary>
    /// Reads a generator file from a seekable <paramref name="stream"/> (e.g. bytes whose hash was just checked);
    /// <paramref name="description"/> names it in errors.
    /// </summary>
    public static (MunitGenerator Generator, ImageShape Image, MunitTranslation Translation) Load(Stream stream, string description, Device? device = null)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        var path = description;
        var version = MunitCheckpointIo.ReadHeader(reader, path, Magic, [VersionWithoutTranslation, Version]);
        var image = MunitCheckpointIo.Read(path, "image shape", () => MunitCheckpointIo.ReadImageShape(reader, path));
        var options = MunitCheckpointIo.Read(path, "generator options", () => MunitCheckpointIo.ReadGeneratorOptions(reader, path));
        if (options.InputChannels != image.Channels)
            throw new InvalidDataException($"{path}: generator has {options.InputChannels} channels but the images are {image}");
        var translation = version == VersionWithoutTranslation
            ? MunitTranslation.SameGenerator
            : MunitCheckpointIo.Read(path, "translation", () =>
            {
                var name = reader.ReadString();
                return MunitTranslationNames.TryParse(name) ?? throw new FormatException($"unknown translation '{name}'");
            });
        var generator = new MunitGenerator(options, "translator");
        try
        {
            MunitCheckpointIo.Load(generator, reader, path, "generator weights");
            generator.to(device ?? CPU).eval();
            return (generator, image, translation);
        }
        catch
        {
            generator.Dispose();
            throw;
        }
    }
}

using System.Buffers.Binary;
using GitActors.Models.Networks.Munit;
using GitActors.Models.Tests.Data.Readers;
using GitActors.Models.Tests.Training;

namespace GitActors.Models.Tests.Training.Munit;

/// <summary>
/// MUNIT trainer checkpoints whose counts claim more than the file holds (the style generator's state, the RNG states,
/// a tensor's rank) are refused with an error naming the file, before anything is allocated from the count.
/// </summary>
[Collection(GitActors.Models.Tests.Torch.TorchGlobalRngCollection.Name)]
public sealed class MunitCheckpointSizeCapTests
{
    /// <summary>Tiny networks: the checkpoint stays small and building the trainer is quick.</summary>
    private static readonly MunitTrainerOptions Tiny = new(new ImageShape(1, 8, 8),
        new MunitGeneratorOptions(1, Dim: 2, StyleDim: 2, MlpDim: 4, Downsamplings: 1, ResBlocks: 1),
        new MunitDiscriminatorOptions(1, Dim: 2, Layers: 2), new MunitHyperParameters());

    [Theory]
    [InlineData("style generator state")]
    [InlineData("RNG states")]
    [InlineData("RNG state 0")]
    public void A_count_of_int_MaxValue_is_refused_naming_the_file(string part)
    {
        var (bytes, layout) = Saved();
        var at = part switch
        {
            "style generator state" => layout.Style,
            "RNG states" => layout.States,
            _ => layout.Words,
        };
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan((int)at), int.MaxValue);
        using var trainer = new MunitTrainer(Tiny, seed: 2);

        var error = HeaderSizeCapTests.RefusedWithin<InvalidDataException>(() => trainer.Load(new MemoryStream(bytes), "lying.ckpt"));

        Assert.StartsWith($"lying.ckpt: {part} at offset {at} claims {int.MaxValue} items", error.Message);
        Assert.Contains("does not fit", error.Message);
    }

    [Fact]
    public void A_generator_tensor_rank_of_2_to_the_35_is_refused_naming_the_file()
    {
        var (bytes, layout) = Saved();
        var lying = ModuleStateBytes.WithHugeFirstRank(bytes, layout.Weights);
        using var trainer = new MunitTrainer(Tiny, seed: 2);

        var error = HeaderSizeCapTests.RefusedWithin<InvalidDataException>(() => trainer.Load(new MemoryStream(lying), "lying.ckpt"));

        Assert.StartsWith("lying.ckpt: gen_a at offset", error.Message);
        Assert.Contains("does not fit", error.Message);
    }

    [Fact]
    public void An_untouched_checkpoint_still_loads()
    {
        var (bytes, _) = Saved();
        using var trainer = new MunitTrainer(Tiny, seed: 2);
        var states = trainer.Load(new MemoryStream(bytes), "good.ckpt");
        Assert.Equal([1UL, 2UL, 3UL], states["stream"]);
    }

    /// <summary>A saved tiny trainer and where its counts are: found with the readers Load itself uses.</summary>
    private static (byte[] Bytes, (long Style, long States, long Words, long Weights) Layout) Saved()
    {
        var saved = new MemoryStream();
        using (var trainer = new MunitTrainer(Tiny, seed: 1)) trainer.Save(saved, new Dictionary<string, ulong[]> { ["stream"] = [1, 2, 3] });
        var bytes = saved.ToArray();
        using var reader = new BinaryReader(new MemoryStream(bytes));
        reader.ReadString();
        reader.ReadInt32();
        MunitCheckpointIo.ReadImageShape(reader, "x");
        MunitCheckpointIo.ReadGeneratorOptions(reader, "x");
        MunitCheckpointIo.ReadDiscriminatorOptions(reader);
        MunitCheckpointIo.ReadHyperParameters(reader, "x");
        reader.ReadInt32();  // batch size
        reader.ReadInt64();  // iteration
        var style = reader.BaseStream.Position;
        reader.BaseStream.Position += 4 + reader.ReadInt32();
        var states = reader.BaseStream.Position;
        reader.ReadInt32();
        reader.ReadString();
        var words = reader.BaseStream.Position;
        reader.BaseStream.Position += 4 + 8 * reader.ReadInt32();
        return (bytes, (style, states, words, reader.BaseStream.Position));
    }
}

using GitActors.Models.Tests.Data.Readers;

namespace GitActors.Models.Tests.Training;

/// <summary>A classifier checkpoint whose weights claim sizes the model does not have is refused before TorchSharp sizes anything from them.</summary>
[Collection(GitActors.Models.Tests.Torch.TorchGlobalRngCollection.Name)]
public sealed class CheckpointSizeCapTests
{
    [Fact]
    public void A_tensor_rank_of_2_to_the_35_in_a_classifier_checkpoint_is_refused_naming_the_checkpoint()
    {
        var data = TinyData.Bundle();
        var config = TinyData.Config();
        var saved = new MemoryStream();
        using (var session = new ClassifierSession(config, data, torch.CPU)) session.Save(saved, 1);
        var bytes = saved.ToArray();
        using var header = new BinaryReader(new MemoryStream(bytes));
        header.ReadInt32(); // magic
        header.ReadInt32(); // version
        header.ReadInt32(); // epochs
        header.ReadString(); // model
        header.ReadInt32(); // classes
        var lying = new MemoryStream(ModuleStateBytes.WithHugeFirstRank(bytes, header.BaseStream.Position));
        using var target = new ClassifierSession(config, data, torch.CPU);

        var error = HeaderSizeCapTests.RefusedWithin<InvalidDataException>(() => target.Load(lying, "ckpt-lying"));

        Assert.StartsWith("ckpt-lying: model weights at offset", error.Message);
        Assert.Contains("of rank 34359738367", error.Message);
        Assert.Contains("does not fit", error.Message);
    }
}

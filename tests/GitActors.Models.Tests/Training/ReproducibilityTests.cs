using Newtonsoft.Json;

namespace GitActors.Models.Tests.Training;

/// <summary>
/// Results are reproducible from recorded seeds: on CPU with the same thread count, the same config gives
/// bit-identical metrics, and a run resumed from a checkpoint ends exactly where an uninterrupted one does.
/// </summary>
[Collection(GitActors.Models.Tests.Torch.TorchGlobalRngCollection.Name)]
public sealed class ReproducibilityTests
{
    private static string Fingerprint(RunResult result) =>
        JsonConvert.SerializeObject(result with { TrainSeconds = 0 }, new JsonSerializerSettings { FloatFormatHandling = FloatFormatHandling.String });

    [Fact]
    public void Same_config_and_seed_give_bit_identical_metrics()
    {
        var data = TinyData.Bundle();
        var config = TinyData.Config(epochs: 2, rule: TrainRule.Drs);
        var first = ClassifierTraining.Run(config, data, torch.CPU);
        var second = ClassifierTraining.Run(config, data, torch.CPU);
        Assert.Equal(Fingerprint(first), Fingerprint(second));
        Assert.NotEmpty(first.Ekld);

        var otherSeed = ClassifierTraining.Run(config with { Seed = config.Seed + 1 }, data, torch.CPU);
        Assert.NotEqual(Fingerprint(first), Fingerprint(otherSeed));
    }

    [Fact]
    public void A_run_resumed_from_a_checkpoint_matches_the_uninterrupted_run()
    {
        var data = TinyData.Bundle();
        var config = TinyData.Config(epochs: 3, rule: TrainRule.Drw, loss: LossKind.Ldam);
        var reference = ClassifierTraining.Run(config, data, torch.CPU);

        var checkpoint = new MemoryStream();
        using (var first = new ClassifierSession(config, data, torch.CPU))
        {
            TrainEpoch(first, new ClassifierBatchSource(config, data), 1);
            first.Save(checkpoint, completedEpochs: 1);
            TrainEpoch(first, new ClassifierBatchSource(config, data), 2); // work after the checkpoint is lost in the "crash"
        }

        checkpoint.Position = 0;
        using var resumed = new ClassifierSession(config, data, torch.CPU);
        Assert.Equal(1, resumed.Load(checkpoint, "test checkpoint"));
        var source = new ClassifierBatchSource(config, data);
        TrainEpoch(resumed, source, 2);
        TrainEpoch(resumed, source, 3);
        var result = new ClassifierEvaluation(config, data).Final(resumed, 0);
        Assert.Equal(Fingerprint(reference), Fingerprint(result));
    }

    [Fact]
    public void Truncated_and_foreign_checkpoints_are_refused_with_a_reason()
    {
        var data = TinyData.Bundle();
        var config = TinyData.Config();
        var bytes = new MemoryStream();
        using (var session = new ClassifierSession(config, data, torch.CPU)) session.Save(bytes, 1);

        using var target = new ClassifierSession(config, data, torch.CPU);
        var truncated = new MemoryStream(bytes.ToArray()[..(int)(bytes.Length / 2)]);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => target.Load(truncated, "ckpt-a")).Message);
        var foreign = new MemoryStream("not a checkpoint at all"u8.ToArray());
        Assert.Contains("ckpt-b: not a GitActors classifier checkpoint", Assert.Throws<InvalidDataException>(() => target.Load(foreign, "ckpt-b")).Message);

        using var otherModel = new ClassifierSession(config with { Model = ModelKind.ResNet20 }, data, torch.CPU);
        bytes.Position = 0;
        Assert.Contains("simplecnn", Assert.Throws<InvalidDataException>(() => otherModel.Load(bytes, "ckpt-c")).Message);
    }

    private static void TrainEpoch(ClassifierSession session, ClassifierBatchSource source, int epoch)
    {
        session.BeginEpoch(epoch);
        for (var step = 0; step < source.StepsPerEpoch; step++) session.TrainStep(source.Build(epoch, step));
    }
}

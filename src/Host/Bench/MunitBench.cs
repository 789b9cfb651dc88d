using GitActors.Models.Data;
using GitActors.Models.Training.Munit;
using static TorchSharp.torch;

namespace GitActors.Host.Bench;

/// <summary>
/// MUNIT training iterations/s: MunitTrainer.Step (dis_update + gen_update) on the paper's networks, batch 1, fixed
/// random images, warm-up excluded: exactly what munit_peer.py times in PyTorch.
/// </summary>
internal static class MunitBench
{
    public static double IterationsPerSecond(int size, int warmup, int steps)
    {
        using var scope = NewDisposeScope();
        var shape = new ImageShape(1, size, size);
        using var trainer = new MunitTrainer(MunitTrainerOptions.ForImages(shape), seed: 0);
        var xa = rand(1, 1, size, size).mul_(2).sub_(1);
        var xb = rand(1, 1, size, size).mul_(2).sub_(1);
        var clock = new Stopwatch();
        for (var i = 0; i < warmup + steps; i++)
        {
            if (i == warmup) clock.Start();
            trainer.Step(xa, xb);
        }
        return steps / clock.Elapsed.TotalSeconds;
    }
}

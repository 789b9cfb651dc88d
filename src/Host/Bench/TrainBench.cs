using GitActors.Models.Losses;
using GitActors.Models.Networks;
using static TorchSharp.torch;

namespace GitActors.Host.Bench;

/// <summary>
/// Training images/s of the classifier step (forward, CE, backward, SGD with momentum and weight decay) on random
/// batches, exactly what the PyTorch peer times: same shapes, same threads, warm-up excluded.
/// </summary>
internal static class TrainBench
{
    public static double ImagesPerSecond(ModelKind kind, int batch, int warmup, int steps)
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(0);
        var model = ClassifierFactory.Create(kind, 1, 10, 28, normedHead: false);
        var optimizer = optim.SGD(model.parameters(), 0.1, 0.9, weight_decay: 2e-4);
        var loss = new CrossEntropyLoss();
        var x = randn(batch, 1, 28, 28);
        var y = randint(0, 10, [batch], dtype: int64);
        model.train();
        var clock = new Stopwatch();
        for (var i = 0; i < warmup + steps; i++)
        {
            if (i == warmup) clock.Start();
            using var step = NewDisposeScope();
            var value = loss.Compute(model.forward(x), y, null);
            optimizer.zero_grad();
            value.backward();
            optimizer.step();
            value.item<float>();
        }
        return batch * steps / clock.Elapsed.TotalSeconds;
    }
}

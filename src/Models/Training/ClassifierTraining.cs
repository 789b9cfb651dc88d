using System.Diagnostics;
using GitActors.Models.Data.Datasets;
using static TorchSharp.torch;

namespace GitActors.Models.Training;

/// <summary>
/// A whole classifier run in the calling thread: the bare ML-core loop that `gitactors train` uses and that the
/// engine's trainer/loader actors split across threads. Same config and seed give the same result on CPU.
/// </summary>
public static class ClassifierTraining
{
    public static RunResult Run(
        RunConfig config,
        DatasetBundle data,
        Device device,
        Action<TrainingProgress>? onProgress = null,
        Action<EpochSummary>? onEpoch = null,
        CancellationToken cancellation = default)
    {
        using var session = new ClassifierSession(config, data, device);
        var source = new ClassifierBatchSource(config, data);
        var evaluation = new ClassifierEvaluation(config, data);
        var clock = Stopwatch.StartNew();
        for (var epoch = 1; epoch <= config.Schedule.Epochs; epoch++)
        {
            session.BeginEpoch(epoch);
            var epochClock = Stopwatch.StartNew();
            var loss = new EpochLoss();
            for (var step = 0; step < source.StepsPerEpoch; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                var batch = source.Build(epoch, step);
                loss.Add(session.TrainStep(batch), batch.Size);
                onProgress?.Invoke(new TrainingProgress(epoch, config.Schedule.Epochs, step, source.StepsPerEpoch,
                    loss.Mean, loss.Images / epochClock.Elapsed.TotalSeconds, clock.Elapsed));
            }
            var throughput = loss.Images / epochClock.Elapsed.TotalSeconds;
            onEpoch?.Invoke(evaluation.EpochSummary(session, epoch, loss.Mean, throughput, source.StepsPerEpoch));
        }
        return evaluation.Final(session, clock.Elapsed.TotalSeconds);
    }
}

using GitActors.Models;
using GitActors.Models.Data.Datasets;
using GitActors.Models.Training;
using TorchSharp;

namespace GitActors.Actors.Training;

/// <summary>The engine's view of a classifier run: the ML core's session, batch source and evaluation.</summary>
public sealed class ClassifierWorkload : IRunWorkload
{
    private readonly RunConfig _config;
    private readonly DatasetBundle _data;
    private readonly ClassifierSession _session;
    private readonly ClassifierEvaluation _evaluation;
    private readonly DateTime _started = DateTime.UtcNow;

    internal ClassifierWorkload(RunConfig config, DatasetBundle data, ClassifierSession session, int startEpoch)
    {
        _config = config;
        _data = data;
        _session = session;
        _evaluation = new ClassifierEvaluation(config, data);
        StartEpoch = startEpoch;
    }

    public int TotalEpochs => _config.Schedule.Epochs;

    public int StartEpoch { get; }

    public IBatchSource CreateBatchSource() => new ClassifierBatchSource(_config, _data);

    private int StepsPerEpoch => ClassifierBatchSource.StepsFor(_data.Train.Count, _config.Schedule.BatchSize);

    public void BeginEpoch(int epoch) => _session.BeginEpoch(epoch);

    public double TrainStep(Batch batch) => _session.TrainStep(batch);

    public EpochSummary CompleteEpoch(int epoch, double meanLoss, double imagesPerSecond) =>
        _evaluation.EpochSummary(_session, epoch, meanLoss, imagesPerSecond, StepsPerEpoch);

    public void SaveCheckpoint(Stream destination, int completedEpochs) => _session.Save(destination, completedEpochs);

    public RunResult Finish() => _evaluation.Final(_session, (DateTime.UtcNow - _started).TotalSeconds);

    public void Dispose() => _session.Dispose();
}

/// <summary>Creates classifier workloads, sharing loaded data sets across the runs of the process.</summary>
public sealed class ClassifierWorkloadFactory(DatasetCache datasets) : IRunWorkloadFactory
{
    public IRunWorkload Create(RunConfig config, string device, Stream? checkpoint)
    {
        var data = datasets.Get(config.Data);
        var session = new ClassifierSession(config, data, torch.device(device));
        try
        {
            var start = checkpoint is null ? 1 : session.Load(checkpoint, "checkpoint") + 1;
            return new ClassifierWorkload(config, data, session, start);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }
}

using GitActors.Actors.Augmentation;
using GitActors.Models.Data.Datasets;
using GitActors.Models.Training.Bank;
using TorchSharp;

namespace GitActors.Actors.Training;

/// <summary>
/// The engine's view of a classifier run: the ML core's session, batch source and evaluation. A GIT run's batches
/// arrive with their AugmentRows already transformed by the augmenter pool (its loader asked), or, with the bank
/// option, with those rows taken from the augmentation bank by the batch source itself; given a generator, the final
/// evaluation adds eKLD under T~ through the pool.
/// </summary>
public sealed class ClassifierWorkload : IRunWorkload, IAugmentedWorkload
{
    private readonly RunConfig _config;
    private readonly DatasetBundle _data;
    private readonly ClassifierSession _session;
    private readonly ClassifierEvaluation _evaluation;
    private readonly AugmentationBank? _bank;
    private readonly DateTime _started = DateTime.UtcNow;

    internal ClassifierWorkload(RunConfig config, DatasetBundle data, ClassifierSession session, int startEpoch,
        ILearnedNuisance? learned = null, LearnedAugmentation? augmentation = null, AugmentationBank? bank = null)
    {
        _config = config;
        _data = data;
        _session = session;
        _bank = bank;
        _evaluation = new ClassifierEvaluation(config, data, learned);
        StartEpoch = startEpoch;
        Augmentation = augmentation;
    }

    public int TotalEpochs => _config.Schedule.Epochs;

    public int StartEpoch { get; }

    public LearnedAugmentation? Augmentation { get; }

    public IBatchSource CreateBatchSource() => new ClassifierBatchSource(_config, _data, _bank);

    private int StepsPerEpoch => ClassifierBatchSource.StepsFor(_data.Train.Count, _config.Schedule.BatchSize);

    public void BeginEpoch(int epoch) => _session.BeginEpoch(epoch);

    public double TrainStep(Batch batch)
    {
        // Training on rows GIT meant to replace would silently be plain DRS.
        if (batch.AugmentRows.Length > 0 && _config.Augment.Kind == AugmentKind.Git)
            throw new InvalidOperationException($"batch {batch.Step} of epoch {batch.Epoch} still has {batch.AugmentRows.Length} rows for T~; its loader did not augment them");
        return _session.TrainStep(batch);
    }

    public EpochSummary CompleteEpoch(int epoch, double meanLoss, double imagesPerSecond) =>
        _evaluation.EpochSummary(_session, epoch, meanLoss, imagesPerSecond, StepsPerEpoch);

    public void SaveCheckpoint(Stream destination, int completedEpochs) => _session.Save(destination, completedEpochs);

    public RunResult Finish() => _evaluation.Final(_session, (DateTime.UtcNow - _started).TotalSeconds);

    public void Dispose() => _session.Dispose();
}

/// <summary>
/// Creates the workloads of a sweep: classifier runs and the MUNIT and bank jobs GIT depends on, sharing loaded data
/// sets across the runs of the process.
/// </summary>
public sealed class ClassifierWorkloadFactory(DatasetCache datasets) : IRunWorkloadFactory
{
    /// <summary>How long a final evaluation waits for one batch of T~ samples from the pool.</summary>
    public TimeSpan AugmentTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public IRunWorkload Create(RunConfig config, string device, Stream? checkpoint) =>
        Create(config, device, checkpoint, RunResources.None);

    public IRunWorkload Create(RunConfig config, string device, Stream? checkpoint, RunResources resources)
    {
        var data = datasets.Get(config.Data);
        if (config.Munit is not null) return MunitWorkload.Create(config, data.Train, device, checkpoint);
        if (config.Bank is not null) return BankWorkload.Create(config, data, device, checkpoint, resources.Generator);

        var pool = resources.Augmenters;
        var generator = resources.Generator;
        var bank = config.Augment.UsesBank() ? LoadBank(config, data, generator, resources.Bank) : null;
        // With a bank the pool only serves the final eKLD under T~, which a node without one skips.
        if (config.Augment.Kind == AugmentKind.Git && (generator is null || (pool.IsNobody() && bank is null)))
            throw new InvalidOperationException(generator is null
                ? "a GIT run needs its MUNIT job's generator, and none was recorded"
                : "a GIT run needs an augmenter pool, and this node has none");
        var learned = generator is not null && !pool.IsNobody() ? new PoolNuisance(pool, generator, AugmentTimeout) : (ILearnedNuisance?)null;
        var augmentation = config.Augment.Kind == AugmentKind.Git && bank is null
            ? new LearnedAugmentation(generator!, data.Shape, data.Mean, data.Std, config.Seed)
            : null;

        var session = new ClassifierSession(config, data, torch.device(device));
        try
        {
            var start = checkpoint is null ? 1 : session.Load(checkpoint, "checkpoint") + 1;
            return new ClassifierWorkload(config, data, session, start, learned, augmentation, bank);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The run's recorded bank, its bytes read once and checked against the journal's SHA-256, and checked to be made by
    /// the run's generator with the per-class style counts the run's own settings give.
    /// </summary>
    private static AugmentationBank LoadBank(RunConfig config, DatasetBundle data, GeneratorRef? generator, BankRef? recorded)
    {
        if (recorded is null) throw new InvalidOperationException("a GIT run with git.bank-styles needs its bank job's bank, and none was recorded");
        var bank = AugmentationBank.Load(recorded.Path, recorded.Sha256);
        if (generator is not null && !string.Equals(bank.Header.GeneratorSha256, generator.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"augmentation bank {recorded.Path} was made by generator {bank.Header.GeneratorSha256}, the run's is {generator.Sha256}");
        var expected = BankAllocation.StylesPerImage(data.Train.Labels, BankAllocation.StylesPerClass(data.TrainClassCounts, config.Rule, config.Augment, config.Schedule));
        if (!expected.AsSpan().SequenceEqual(bank.Header.StylesPerImage))
            throw new InvalidDataException($"augmentation bank {recorded.Path} holds other per-image style counts than this run's settings give");
        return bank;
    }
}

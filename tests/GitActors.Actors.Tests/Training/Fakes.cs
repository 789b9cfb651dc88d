using System.Collections.Concurrent;
using GitActors.Models.Torch;

namespace GitActors.Actors.Tests.Training;

internal sealed class FakeBatchSource(int stepsPerEpoch, (int Epoch, int Step)? failAt = null) : IBatchSource
{
    private int _built;

    public int StepsPerEpoch => stepsPerEpoch;

    public int Built => Volatile.Read(ref _built);

    public Batch Build(int epoch, int step)
    {
        if (failAt == (epoch, step)) throw new IOException($"fake read error at {epoch}/{step}");
        Interlocked.Increment(ref _built);
        return new Batch(epoch, step, new float[4], [epoch, step], [0, 1], []);
    }
}

/// <summary>
/// A deterministic workload: loss of (epoch, step) is 1 / (10 epoch + step + 1); its checkpoint is the text
/// "fake-checkpoint epoch=N". It records every call with the thread it ran on.
/// </summary>
internal sealed class FakeWorkload : IRunWorkload
{
    private readonly FakeWorkloadFactory _factory;
    private readonly RunConfig _config;
    private readonly bool _failThisAttempt;
    private readonly bool _stallThisAttempt;
    private readonly bool _diskFullThisAttempt;

    public FakeWorkload(FakeWorkloadFactory factory, RunConfig config, int resumedFrom, bool failThisAttempt, bool stallThisAttempt = false,
        bool diskFullThisAttempt = false)
    {
        _factory = factory;
        _config = config;
        _failThisAttempt = failThisAttempt;
        _stallThisAttempt = stallThisAttempt;
        _diskFullThisAttempt = diskFullThisAttempt;
        StartEpoch = resumedFrom + 1;
    }

    public int TotalEpochs => _config.Schedule.Epochs;

    public int StartEpoch { get; }

    public IBatchSource CreateBatchSource() => new FakeBatchSource(_factory.StepsPerEpoch);

    public void BeginEpoch(int epoch) => _factory.Record(_config.Seed, $"begin {epoch}");

    public double TrainStep(Batch batch)
    {
        if (_factory.HoldAt is { } hold && hold.Seed == _config.Seed && hold.Epoch == batch.Epoch && hold.Step == batch.Step)
        {
            _factory.Reached.Set();
            if (!_factory.Release.Wait(TimeSpan.FromMinutes(1))) throw new TimeoutException("the test never released the held step");
        }
        if (_stallThisAttempt && _factory.StallFirstAttemptAt is { } stall && stall.Epoch == batch.Epoch && stall.Step == batch.Step)
        {
            // Stuck as if inside native code: nothing the actor system does can interrupt this wait.
            _factory.Record(_config.Seed, $"stuck {batch.Epoch}.{batch.Step}");
            _factory.Stuck.Set();
            _factory.Unstick.Wait();
        }
        _factory.Record(_config.Seed, $"step {batch.Epoch}.{batch.Step}");
        _factory.CountStep();
        if (_factory.StepDelay > TimeSpan.Zero) Thread.Sleep(_factory.StepDelay);
        if (_factory.NonFiniteAt is { } at && at.Seed == _config.Seed && at.Epoch == batch.Epoch && at.Step == batch.Step)
            throw new NonFiniteLossException(batch.Epoch, batch.Step, double.NaN);
        if (_failThisAttempt && batch.Step == 1) throw new InvalidOperationException("fake transient failure");
        return FakeWorkloadFactory.Loss(batch.Epoch, batch.Step);
    }

    public EpochSummary CompleteEpoch(int epoch, double meanLoss, double imagesPerSecond)
    {
        _factory.Record(_config.Seed, $"complete {epoch}");
        return new EpochSummary(epoch, meanLoss, 0.1, 0.5, imagesPerSecond, _factory.StepsPerEpoch);
    }

    public void SaveCheckpoint(Stream destination, int completedEpochs)
    {
        _factory.Record(_config.Seed, $"save {completedEpochs}");
        if (_diskFullThisAttempt) throw new IOException("No space left on device");
        destination.Write(Encoding.UTF8.GetBytes($"fake-checkpoint epoch={completedEpochs}"));
    }

    public RunResult Finish()
    {
        _factory.Record(_config.Seed, "finish");
        return TestRuns.Result(TotalEpochs);
    }

    public void Dispose() => _factory.Record(_config.Seed, "dispose");
}

internal sealed class FakeWorkloadFactory(int stepsPerEpoch = 3) : IRunWorkloadFactory
{
    private readonly ConcurrentDictionary<int, int> _creates = new();
    private int _steps;

    public int StepsPerEpoch => stepsPerEpoch;

    public TimeSpan StepDelay { get; init; }

    /// <summary>That run's workload throws NonFiniteLossException at this (epoch, step), every attempt.</summary>
    public (int Seed, int Epoch, int Step)? NonFiniteAt { get; init; }

    /// <summary>Runs (by seed) whose first N attempts throw at step 1 of their first epoch.</summary>
    public IReadOnlyDictionary<int, int> FailFirstAttempts { get; init; } = new Dictionary<int, int>();

    /// <summary>Runs (by seed) whose first N attempts fail to write their checkpoint as a full disk does.</summary>
    public IReadOnlyDictionary<int, int> DiskFullFirstAttempts { get; init; } = new Dictionary<int, int>();

    /// <summary>That run's workload blocks before this (epoch, step), setting Reached, until Release is set.</summary>
    public (int Seed, int Epoch, int Step)? HoldAt { get; init; }

    public ManualResetEventSlim Reached { get; } = new();

    /// <summary>That run's first attempt blocks before this (epoch, step), setting Stuck, until Unstick is set (no timeout).</summary>
    public (int Seed, int Epoch, int Step)? StallFirstAttemptAt { get; init; }

    public ManualResetEventSlim Stuck { get; } = new();

    public ManualResetEventSlim Unstick { get; } = new();

    public ManualResetEventSlim Release { get; } = new();

    public ConcurrentQueue<(int Seed, string Call, int Thread)> Calls { get; } = new();

    public int StepsTaken => Volatile.Read(ref _steps);

    public int Creates(int seed) => _creates.GetValueOrDefault(seed);

    public static double Loss(int epoch, int step) => 1.0 / (10 * epoch + step + 1);

    public IRunWorkload Create(RunConfig config, string device, Stream? checkpoint)
    {
        var attempt = _creates.AddOrUpdate(config.Seed, 1, (_, n) => n + 1);
        var resumedFrom = 0;
        if (checkpoint is not null)
        {
            var text = new StreamReader(checkpoint).ReadToEnd();
            const string prefix = "fake-checkpoint epoch=";
            if (!text.StartsWith(prefix, StringComparison.Ordinal)) throw new InvalidDataException($"not a fake checkpoint: {text}");
            resumedFrom = int.Parse(text[prefix.Length..]);
        }
        Record(config.Seed, $"create {device} from {resumedFrom}");
        return new FakeWorkload(this, config, resumedFrom, attempt <= FailFirstAttempts.GetValueOrDefault(config.Seed),
            attempt == 1 && StallFirstAttemptAt?.Seed == config.Seed, attempt <= DiskFullFirstAttempts.GetValueOrDefault(config.Seed));
    }

    public void Record(int seed, string call) => Calls.Enqueue((seed, call, Environment.CurrentManagedThreadId));

    public void CountStep() => Interlocked.Increment(ref _steps);

    public List<string> CallsOf(int seed) => Calls.Where(c => c.Seed == seed).Select(c => c.Call).ToList();
}

internal sealed class FakeDeviceEnvironment(int cudaDevices = 0, int processors = 8) : IDeviceEnvironment
{
    public int CudaDeviceCount => cudaDevices;

    public int ProcessorCount => processors;

    public int? CpuThreadsSet { get; private set; }

    public ConvolutionKernelChoice PrepareCpu(int? threads)
    {
        CpuThreadsSet = threads;
        return new ConvolutionKernelChoice(true, "fake environment");
    }
}

/// <summary>Collects progress synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class ProgressLog<T> : IProgress<T>
{
    public ConcurrentQueue<T> Reports { get; } = new();

    public void Report(T value) => Reports.Enqueue(value);
}

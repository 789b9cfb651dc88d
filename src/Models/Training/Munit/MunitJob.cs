using GitActors.Models.Data;
using GitActors.Models.Networks.Munit;
using static TorchSharp.torch;

namespace GitActors.Models.Training.Munit;

/// <summary>
/// One MUNIT training job on a long-tailed train set used as both domains (paper appendix A): two independent
/// class-balanced streams feed A and B, and every step is MunitTrainer's dis_update then gen_update. Checkpoints hold
/// the trainer and both streams' RNG states, so a resumed job continues with exactly the images and styles it would
/// have drawn. The command line and the engine's MUNIT workload both drive this.
/// </summary>
public sealed class MunitJob : IDisposable
{
    private const string StreamA = "munit-a";
    private const string StreamB = "munit-b";

    private readonly ImageSet _images;
    private readonly Device _device;
    private readonly MunitTrainer _trainer;
    private readonly MunitTranslation _translation;
    private MunitDataStream _streamA;
    private MunitDataStream _streamB;

    /// <summary>The paper's networks and optimisation; <paramref name="translation"/> picks the networks the generator file keeps.</summary>
    public MunitJob(ImageSet images, long seed, Device device, MunitTranslation translation = MunitTranslation.AToB)
        : this(images, seed, device, MunitTrainerOptions.ForImages(images.Shape), translation)
    {
    }

    /// <summary>Explicit network sizes (smaller than the paper's for tests and benchmarks).</summary>
    public MunitJob(ImageSet images, long seed, Device device, MunitTrainerOptions options, MunitTranslation translation = MunitTranslation.AToB)
    {
        if (options.Image != images.Shape)
            throw new ArgumentException($"MUNIT options are for {options.Image} images, the data set has {images.Shape}");
        _images = images;
        _device = device;
        _translation = translation;
        _trainer = new MunitTrainer(options, seed, device);
        _streamA = new MunitDataStream(images, Rng.ForStream(seed, StreamA), options.BatchSize);
        _streamB = new MunitDataStream(images, Rng.ForStream(seed, StreamB), options.BatchSize);
    }

    public long Iteration => _trainer.Iteration;

    public MunitTrainerOptions Options => _trainer.Options;

    public MunitStepLosses Step()
    {
        using var scope = NewDisposeScope();
        var losses = _trainer.Step(_streamA.Next(_device), _streamB.Next(_device));
        if (!losses.AllFinite())
            throw new NonFiniteLossException(0, (int)Math.Min(int.MaxValue, losses.Iteration), losses.GenTotal);
        return losses;
    }

    /// <summary>Full state for a resume: networks, optimizers, iteration, style generator and both data streams.</summary>
    public void SaveCheckpoint(Stream destination) =>
        _trainer.Save(destination, new Dictionary<string, ulong[]> { [StreamA] = _streamA.RngState, [StreamB] = _streamB.RngState });

    public void LoadCheckpoint(string path)
    {
        using var source = File.OpenRead(path);
        LoadCheckpoint(source, path);
    }

    /// <summary>Restores from checkpoint bytes; <paramref name="description"/> names the source in errors.</summary>
    public void LoadCheckpoint(Stream source, string description)
    {
        var states = _trainer.Load(source, description);
        if (!states.TryGetValue(StreamA, out var a) || !states.TryGetValue(StreamB, out var b))
            throw new InvalidDataException($"{description}: MUNIT checkpoint has no data-stream states");
        var batchSize = _trainer.Options.BatchSize;
        _streamA = new MunitDataStream(_images, Rng.FromState(a), batchSize);
        _streamB = new MunitDataStream(_images, Rng.FromState(b), batchSize);
    }

    /// <summary>The learned T~ (the job's translation of the trained networks), which is all the augmenters load, into a stream.</summary>
    public void SaveGenerator(Stream destination) => _trainer.SaveTranslator(destination, _translation);

    public void Dispose() => _trainer.Dispose();
}

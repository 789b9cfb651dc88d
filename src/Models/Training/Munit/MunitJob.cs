using GitActors.Models.Data;
using GitActors.Models.Networks.Munit;
using GitActors.Models.Randomness;
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
    private MunitDataStream _streamA;
    private MunitDataStream _streamB;

    public MunitJob(ImageSet images, long seed, Device device, MunitHyperParameters? hyper = null)
    {
        _images = images;
        _device = device;
        var options = MunitTrainerOptions.ForImages(images.Shape);
        if (hyper is not null) options = options with { Hyper = hyper };
        _trainer = new MunitTrainer(options, seed, device);
        _streamA = new MunitDataStream(images, Rng.ForStream(seed, StreamA));
        _streamB = new MunitDataStream(images, Rng.ForStream(seed, StreamB));
    }

    public long Iteration => _trainer.Iteration;

    public MunitGenerator Generator => _trainer.GeneratorA;

    public MunitStepLosses Step()
    {
        using var scope = NewDisposeScope();
        var losses = _trainer.Step(_streamA.Next(_device), _streamB.Next(_device));
        if (!losses.AllFinite())
            throw new NonFiniteLossException(0, (int)Math.Min(int.MaxValue, losses.Iteration), losses.GenTotal);
        return losses;
    }

    /// <summary>Full state for a resume: networks, optimizers, iteration, style generator and both data streams.</summary>
    public void SaveCheckpoint(string path) =>
        _trainer.Save(path, new Dictionary<string, ulong[]> { [StreamA] = _streamA.RngState, [StreamB] = _streamB.RngState });

    public void LoadCheckpoint(string path)
    {
        var states = _trainer.Load(path);
        if (!states.TryGetValue(StreamA, out var a) || !states.TryGetValue(StreamB, out var b))
            throw new InvalidDataException($"{path}: MUNIT checkpoint has no data-stream states");
        _streamA = new MunitDataStream(_images, Rng.FromState(a));
        _streamB = new MunitDataStream(_images, Rng.FromState(b));
    }

    /// <summary>The learned T~: gen_a alone, which is all the augmenters load.</summary>
    public void SaveGenerator(string path) => MunitGeneratorCheckpoint.Save(path, _trainer.GeneratorA, _images.Shape);

    public void Dispose() => _trainer.Dispose();
}

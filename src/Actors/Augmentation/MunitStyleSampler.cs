using GitActors.Models.Training.Munit;
using GitActors.Models.Experiments.Protocol;
using GitActors.Models.Experiments.Sweeps;
using TorchSharp;
using static TorchSharp.torch;

namespace GitActors.Actors.Augmentation;

/// <summary>T~(.|x) over a MUNIT generator file: keep x's content, a style from a torch generator seeded per request.</summary>
public sealed class MunitStyleSampler : IStyleSampler
{
    private readonly MunitSampler _sampler;
    private readonly Device _device;

    private MunitStyleSampler(MunitSampler sampler, Device device)
    {
        _sampler = sampler;
        _device = device;
    }

    /// <summary>Checks the file's SHA-256 against the journal's before loading it.</summary>
    public static MunitStyleSampler Load(GeneratorRef generator, string device)
    {
        if (CheckpointStore.Problem(generator.Path, generator.Sha256) is { } problem)
            throw new InvalidDataException($"generator of MUNIT job {generator.JobRunId}: {problem}");
        var target = torch.device(device);
        return new MunitStyleSampler(MunitSampler.Load(generator.Path, target), target);
    }

    public float[] Transform(AugmentRequest request)
    {
        var shape = request.Shape;
        if (shape != _sampler.Image)
            throw new ArgumentException($"the generator was trained on {_sampler.Image} images, the request has {shape}");
        using var scope = NewDisposeScope();
        using var random = new Generator(request.Seed);
        var input = tensor(request.Images, [request.InputCount, shape.Channels, shape.Height, shape.Width]).to(_device);
        var mapping = new MunitPixelMapping(request.Mean, request.Std);
        var output = mapping.ToClassifier(_sampler.SampleStyles(mapping.ToMunit(input), request.StylesPerImage, random)).cpu();
        return output.data<float>().ToArray();
    }

    public void Dispose() => _sampler.Dispose();
}

using GitActors.Models.Training.Munit;
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

    /// <summary>The recorded generator, built from the bytes whose SHA-256 matched the journal's.</summary>
    public static MunitStyleSampler Load(GeneratorRef generator, string device)
    {
        var target = torch.device(device);
        return new MunitStyleSampler(RecordedGenerator.Load(generator, target), target);
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

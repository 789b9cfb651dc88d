using GitActors.Models.Data;
using GitActors.Models.Networks.Munit;
using TorchSharp;
using static TorchSharp.torch;

namespace GitActors.Models.Training.Munit;

/// <summary>
/// x~ ~ T~(.|x): keep x's content code, draw a style s ~ N(0, I) and decode with the same frozen generator (SPEC 6).
/// Owns its generator. Not thread-safe: give each augmenter its own sampler.
/// </summary>
public sealed class MunitSampler : IDisposable
{
    private readonly MunitGenerator generator;

    public MunitSampler(MunitGenerator generator, ImageShape image)
    {
        if (generator.Options.InputChannels != image.Channels)
            throw new ArgumentException($"a {generator.Options.InputChannels}-channel generator cannot sample {image} images");
        this.generator = generator;
        Image = image;
        generator.eval();
        foreach (var parameter in generator.parameters()) parameter.requires_grad = false;
    }

    /// <summary>A generator file, or a trainer checkpoint (its gen_a: a partially trained model can be sampled too).</summary>
    public static MunitSampler Load(string path, Device? device = null)
    {
        if (MunitTrainer.IsTrainerCheckpoint(path))
        {
            var options = MunitTrainer.ReadOptions(path);
            var trainer = new MunitTrainer(options, seed: 0);
            try
            {
                trainer.Load(path);
                var generator = trainer.DetachGeneratorA();
                generator.to(device ?? CPU);
                return new MunitSampler(generator, options.Image);
            }
            finally
            {
                trainer.Dispose();
            }
        }
        var (loaded, image) = MunitGeneratorCheckpoint.Load(path, device);
        return new MunitSampler(loaded, image);
    }

    /// <summary>The geometry the generator was trained on.</summary>
    public ImageShape Image { get; }

    public int StyleDim => generator.Options.StyleDim;

    /// <summary>
    /// <paramref name="x"/>: B x C x H x W in [-1, 1]. Styles are drawn from <paramref name="random"/> (on its own
    /// device, then moved to x's), so a seeded generator gives reproducible samples.
    /// </summary>
    public Tensor Sample(Tensor x, Generator random)
    {
        if (x.dim() != 4 || x.shape[1] != Image.Channels)
            throw new ArgumentException($"expected B x {Image.Channels} x H x W, got [{string.Join(", ", x.shape)}]");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var style = randn([x.shape[0], StyleDim, 1, 1], device: random.device, generator: random).to(x.device);
        return generator.Decode(generator.EncodeContent(x), style).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <paramref name="styles"/> samples of each image of <paramref name="x"/>, image-major (all styles of image 0 first):
    /// each content code is encoded once and decoded with every style, which skips most of the work when styles &gt; 1.
    /// </summary>
    public Tensor SampleStyles(Tensor x, int styles, Generator random)
    {
        if (styles < 1) throw new ArgumentOutOfRangeException(nameof(styles), styles, "need at least one style per image");
        if (styles == 1) return Sample(x, random);
        if (x.dim() != 4 || x.shape[1] != Image.Channels)
            throw new ArgumentException($"expected B x {Image.Channels} x H x W, got [{string.Join(", ", x.shape)}]");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var content = generator.EncodeContent(x).repeat_interleave(styles, 0);
        var style = randn([content.shape[0], StyleDim, 1, 1], device: random.device, generator: random).to(x.device);
        return generator.Decode(content, style).MoveToOuterDisposeScope();
    }

    /// <summary><see cref="Sample"/> on classifier-normalised input, returning classifier-normalised output.</summary>
    public Tensor SampleClassifierInput(Tensor classifierInput, Generator random, MunitPixelMapping mapping)
    {
        using var scope = NewDisposeScope();
        return mapping.ToClassifier(Sample(mapping.ToMunit(classifierInput), random)).MoveToOuterDisposeScope();
    }

    public void Dispose() => generator.Dispose();
}

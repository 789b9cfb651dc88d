using GitActors.Models.Data;
using GitActors.Models.Networks.Munit;
using TorchSharp;
using static TorchSharp.torch;

namespace GitActors.Models.Training.Munit;

/// <summary>
/// x~ ~ T~(.|x): keep x's content code, draw a style s ~ N(0, I) and decode, with a frozen translator made of the
/// networks <see cref="Translation"/> names (SPEC 6). Owns its generator. Not thread-safe: give each augmenter its own.
/// </summary>
public sealed class MunitSampler : IDisposable
{
    private readonly MunitGenerator _generator;

    public MunitSampler(MunitGenerator generator, ImageShape image, MunitTranslation translation)
    {
        if (generator.Options.InputChannels != image.Channels)
            throw new ArgumentException($"a {generator.Options.InputChannels}-channel generator cannot sample {image} images");
        _generator = generator;
        Image = image;
        Translation = translation;
        generator.eval();
        foreach (var parameter in generator.parameters()) parameter.requires_grad = false;
    }

    /// <summary>
    /// A generator file, or a trainer checkpoint (so a partially trained model can be sampled too). A trainer
    /// checkpoint is composed into <paramref name="translation"/> (the paper's a-to-b when null); a generator file
    /// already is one, and naming a different translation for it is an error.
    /// </summary>
    public static MunitSampler Load(string path, Device? device = null, MunitTranslation? translation = null)
    {
        if (MunitTrainer.IsTrainerCheckpoint(path))
        {
            var options = MunitTrainer.ReadOptions(path);
            var chosen = translation ?? MunitTranslation.AToB;
            using var trainer = new MunitTrainer(options, seed: 0);
            trainer.Load(path);
            var generator = trainer.Translator(chosen);
            generator.to(device ?? CPU);
            return new MunitSampler(generator, options.Image, chosen);
        }
        var (loaded, image, recorded) = MunitGeneratorCheckpoint.Load(path, device);
        if (translation is { } wanted && wanted != recorded)
        {
            loaded.Dispose();
            throw new InvalidDataException(
                $"{path}: generator file holds the {MunitTranslationNames.Name(recorded)} translator, not {MunitTranslationNames.Name(wanted)}; pass the trainer checkpoint to choose");
        }
        return new MunitSampler(loaded, image, recorded);
    }

    /// <summary>A generator file read from a seekable stream, e.g. bytes whose hash was checked first.</summary>
    public static MunitSampler LoadGenerator(Stream stream, string description, Device? device = null)
    {
        var (loaded, image, translation) = MunitGeneratorCheckpoint.Load(stream, description, device);
        return new MunitSampler(loaded, image, translation);
    }

    /// <summary>The geometry the generator was trained on.</summary>
    public ImageShape Image { get; }

    /// <summary>Which trained networks the translator was made of.</summary>
    public MunitTranslation Translation { get; }

    public int StyleDim => _generator.Options.StyleDim;

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
        return _generator.Decode(_generator.EncodeContent(x), style).MoveToOuterDisposeScope();
    }

    /// <summary>x decoded from its own content and style codes: what the translator keeps of x before any style change.</summary>
    public Tensor Reconstruct(Tensor x)
    {
        if (x.dim() != 4 || x.shape[1] != Image.Channels)
            throw new ArgumentException($"expected B x {Image.Channels} x H x W, got [{string.Join(", ", x.shape)}]");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return _generator.forward(x).MoveToOuterDisposeScope();
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
        var content = _generator.EncodeContent(x).repeat_interleave(styles, 0);
        var style = randn([content.shape[0], StyleDim, 1, 1], device: random.device, generator: random).to(x.device);
        return _generator.Decode(content, style).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Sample i decodes the content of image <paramref name="imageOfSample"/>[i] of <paramref name="x"/> (B x C x H x W
    /// in [-1, 1]) with the style code <paramref name="styles"/>[i] (N x StyleDim): codes the caller drew, e.g. from a
    /// seeded stream per (image, style), so a sample does not depend on how the work was batched. Each content code is
    /// encoded once however many samples use it.
    /// </summary>
    public Tensor DecodeStyles(Tensor x, Tensor imageOfSample, Tensor styles)
    {
        if (x.dim() != 4 || x.shape[1] != Image.Channels)
            throw new ArgumentException($"expected B x {Image.Channels} x H x W, got [{string.Join(", ", x.shape)}]");
        if (styles.dim() != 2 || styles.shape[1] != StyleDim || imageOfSample.dim() != 1 || imageOfSample.shape[0] != styles.shape[0])
            throw new ArgumentException($"expected N image indices and N x {StyleDim} style codes, got [{string.Join(", ", imageOfSample.shape)}] and [{string.Join(", ", styles.shape)}]");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var content = _generator.EncodeContent(x).index_select(0, imageOfSample.to(x.device));
        return _generator.Decode(content, styles.to(x.device).view(styles.shape[0], StyleDim, 1, 1)).MoveToOuterDisposeScope();
    }

    /// <summary><see cref="Sample"/> on classifier-normalised input, returning classifier-normalised output.</summary>
    public Tensor SampleClassifierInput(Tensor classifierInput, Generator random, MunitPixelMapping mapping)
    {
        using var scope = NewDisposeScope();
        return mapping.ToClassifier(Sample(mapping.ToMunit(classifierInput), random)).MoveToOuterDisposeScope();
    }

    public void Dispose() => _generator.Dispose();
}

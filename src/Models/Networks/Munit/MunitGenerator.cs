using TorchSharp;
using static TorchSharp.torch;

namespace GitActors.Models.Networks.Munit;

/// <summary>
/// MUNIT's AdaINGen: an image splits into a content code (B x 4dim x H/4 x W/4) and a style code (B x 8 x 1 x 1);
/// decoding recombines any content with any style. forward(x) reconstructs x from its own codes.
/// </summary>
public sealed class MunitGenerator : nn.Module<Tensor, Tensor>
{
    private readonly MunitStyleEncoder styleEncoder;
    private readonly MunitContentEncoder contentEncoder;
    private readonly MunitDecoder decoder;
    private readonly MunitMlp mlp;

    public MunitGenerator(MunitGeneratorOptions options, string name = "munit_generator") : base(name)
    {
        options.Validate();
        Options = options;
        styleEncoder = new MunitStyleEncoder("enc_style", options);
        contentEncoder = new MunitContentEncoder("enc_content", options);
        decoder = new MunitDecoder("dec", options);
        mlp = new MunitMlp("mlp", options.StyleDim, options.MlpDim, decoder.AdaInParameterCount);
        RegisterComponents();
    }

    public MunitGeneratorOptions Options { get; }

    public (Tensor Content, Tensor Style) Encode(Tensor x) => (contentEncoder.forward(x), styleEncoder.forward(x));

    /// <summary>The content code alone: what sampling and the discriminator update need (the style encoder is skipped).</summary>
    public Tensor EncodeContent(Tensor x) => contentEncoder.forward(x);

    public Tensor EncodeStyle(Tensor x) => styleEncoder.forward(x);

    /// <param name="content">B x 4dim x h x w.</param>
    /// <param name="style">B x StyleDim x 1 x 1 (or B x StyleDim).</param>
    public Tensor Decode(Tensor content, Tensor style)
    {
        using var adainParams = mlp.forward(style);
        return decoder.forward(content, adainParams);
    }

    /// <summary>
    /// A new generator with <paramref name="contentSource"/>'s content encoder and <paramref name="styleSource"/>'s
    /// style encoder, MLP and decoder (copies: the sources stay untouched). Both must have the same options.
    /// </summary>
    public static MunitGenerator Compose(MunitGenerator contentSource, MunitGenerator styleSource, string name)
    {
        if (contentSource.Options != styleSource.Options)
            throw new ArgumentException($"cannot compose generators of {contentSource.Options} and {styleSource.Options}");
        var composed = new MunitGenerator(contentSource.Options, name);
        composed.to(contentSource.contentEncoder.parameters().First().device);
        using var noGrad = no_grad();
        CopyWeights(contentSource.contentEncoder, composed.contentEncoder);
        CopyWeights(styleSource.styleEncoder, composed.styleEncoder);
        CopyWeights(styleSource.mlp, composed.mlp);
        CopyWeights(styleSource.decoder, composed.decoder);
        return composed;
    }

    private static void CopyWeights(nn.Module source, nn.Module destination)
    {
        var sources = source.state_dict();
        foreach (var (key, target) in destination.state_dict()) target.copy_(sources[key]);
    }

    public override Tensor forward(Tensor x)
    {
        var (content, style) = Encode(x);
        using (content)
        using (style)
            return Decode(content, style);
    }
}

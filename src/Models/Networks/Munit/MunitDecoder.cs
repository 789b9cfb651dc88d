using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GitActors.Models.Networks.Munit;

/// <summary>
/// Content code + AdaIN parameters -> image: AdaIN res blocks -> n x [nearest upsample x2, conv5x5, MUNIT LayerNorm, ReLU]
/// -> conv7x7 -> tanh.
/// </summary>
public sealed class MunitDecoder : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ModuleList<MunitAdaInResBlock> residual = new();
    private readonly ModuleList<MunitConvBlock> upsampling = new();
    private readonly MunitConvBlock toImage;
    private readonly int contentChannels;
    private static readonly double[] Twice = [2.0, 2.0];

    public MunitDecoder(string name, MunitGeneratorOptions options) : base(name)
    {
        var dim = options.ContentChannels;
        contentChannels = dim;
        for (var i = 0; i < options.ResBlocks; i++) residual.Add(new MunitAdaInResBlock($"res{i}", dim));
        for (var i = 0; i < options.Downsamplings; i++, dim /= 2)
            upsampling.Add(new MunitConvBlock($"up{i}", dim, dim / 2, 5, 1, 2, MunitNorm.Layer, MunitActivation.Relu));
        toImage = new MunitConvBlock("to_image", dim, options.InputChannels, 7, 1, 3, MunitNorm.None, MunitActivation.Tanh);
        AdaInParameterCount = options.ResBlocks * MunitAdaInResBlock.ParameterCount(contentChannels);
        RegisterComponents();
    }

    /// <summary>Width of the style MLP's output: 2*C per AdaIN layer, two AdaIN layers per res block.</summary>
    public int AdaInParameterCount { get; }

    public override Tensor forward(Tensor content, Tensor adainParams)
    {
        using var scope = NewDisposeScope();
        var y = content;
        var perBlock = MunitAdaInResBlock.ParameterCount(contentChannels);
        for (var i = 0; i < residual.Count; i++)
            y = residual[i].forward(y, adainParams[.., (i * perBlock)..((i + 1) * perBlock)]);
        foreach (var block in upsampling)
            y = block.forward(F.interpolate(y, scale_factor: Twice, mode: InterpolationMode.Nearest));
        return toImage.forward(y).MoveToOuterDisposeScope();
    }
}

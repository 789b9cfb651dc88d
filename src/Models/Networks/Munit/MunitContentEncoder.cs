using static TorchSharp.torch;

namespace GitActors.Models.Networks.Munit;

/// <summary>Content path: conv7x7 -> n x conv4x4 stride 2 (channels double) -> res blocks, all instance-normalised.</summary>
public sealed class MunitContentEncoder : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<MunitConvBlock> downsampling = new();
    private readonly ModuleList<MunitResBlock> residual = new();

    public MunitContentEncoder(string name, MunitGeneratorOptions options) : base(name)
    {
        var dim = options.Dim;
        downsampling.Add(new MunitConvBlock("stem", options.InputChannels, dim, 7, 1, 3, MunitNorm.Instance, MunitActivation.Relu));
        for (var i = 0; i < options.Downsamplings; i++, dim *= 2)
            downsampling.Add(new MunitConvBlock($"down{i}", dim, 2 * dim, 4, 2, 1, MunitNorm.Instance, MunitActivation.Relu));
        for (var i = 0; i < options.ResBlocks; i++) residual.Add(new MunitResBlock($"res{i}", dim));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = x;
        foreach (var block in downsampling) y = block.forward(y);
        foreach (var block in residual) y = block.forward(y);
        return y.MoveToOuterDisposeScope();
    }
}

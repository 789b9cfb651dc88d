using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GitActors.Models.Networks.Munit;

/// <summary>
/// Style path: conv7x7 -> 4 x conv4x4 stride 2 (dim, 2dim, 4dim, 4dim, 4dim channels), no norm, ReLU ->
/// global average pool -> conv1x1 to the style code (B x S x 1 x 1).
/// </summary>
public sealed class MunitStyleEncoder : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<MunitConvBlock> blocks = new();
    private readonly Conv2d project;

    public MunitStyleEncoder(string name, MunitGeneratorOptions options) : base(name)
    {
        var dim = options.Dim;
        blocks.Add(new MunitConvBlock("stem", options.InputChannels, dim, 7, 1, 3, MunitNorm.None, MunitActivation.Relu));
        for (var i = 0; i < 2; i++, dim *= 2)
            blocks.Add(new MunitConvBlock($"down{i}", dim, 2 * dim, 4, 2, 1, MunitNorm.None, MunitActivation.Relu));
        for (var i = 2; i < MunitGeneratorOptions.StyleDownsamplings; i++)
            blocks.Add(new MunitConvBlock($"down{i}", dim, dim, 4, 2, 1, MunitNorm.None, MunitActivation.Relu));
        project = nn.Conv2d(dim, options.StyleDim, 1, bias: true);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = x;
        foreach (var block in blocks) y = block.forward(y);
        return project.forward(F.adaptive_avg_pool2d(y, 1)).MoveToOuterDisposeScope();
    }
}

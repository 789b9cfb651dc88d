using static TorchSharp.torch;

namespace GitActors.Models.Networks.Munit;

/// <summary>MUNIT's ResBlock with instance norm: x + [conv3x3-IN-ReLU, conv3x3-IN](x), reflection padded.</summary>
public sealed class MunitResBlock : nn.Module<Tensor, Tensor>
{
    private readonly MunitConvBlock first;
    private readonly MunitConvBlock second;

    public MunitResBlock(string name, int channels) : base(name)
    {
        first = new MunitConvBlock("first", channels, channels, 3, 1, 1, MunitNorm.Instance, MunitActivation.Relu);
        second = new MunitConvBlock("second", channels, channels, 3, 1, 1, MunitNorm.Instance, MunitActivation.None);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var hidden = first.forward(x);
        return second.forward(hidden).add_(x);
    }
}

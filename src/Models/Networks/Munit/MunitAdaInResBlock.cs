using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GitActors.Models.Networks.Munit;

/// <summary>
/// The decoder's ResBlock: x + [conv3x3-AdaIN-ReLU, conv3x3-AdaIN](x). It consumes 4*C style parameters per sample,
/// laid out as MUNIT's assign_adain_params walks its AdaIN layers: [mean1 | std1 | mean2 | std2].
/// </summary>
public sealed class MunitAdaInResBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Conv2d first;
    private readonly Conv2d second;
    private readonly long channels;
    private static readonly long[] ReflectOne = [1, 1, 1, 1];

    public MunitAdaInResBlock(string name, int channels) : base(name)
    {
        first = nn.Conv2d(channels, channels, 3, bias: true);
        second = nn.Conv2d(channels, channels, 3, bias: true);
        this.channels = channels;
        RegisterComponents();
    }

    /// <summary>Style parameters one block reads: two AdaIN layers, each a mean and a std of C values.</summary>
    public static int ParameterCount(int channels) => 4 * channels;

    public override Tensor forward(Tensor x, Tensor adainParams)
    {
        using var scope = NewDisposeScope();
        var c = channels;
        var hidden = AdaptiveInstanceNorm.Apply(first.forward(F.pad(x, ReflectOne, TorchSharp.PaddingModes.Reflect)),
            adainParams[.., ..(int)c], adainParams[.., (int)c..(int)(2 * c)]).relu_();
        var output = AdaptiveInstanceNorm.Apply(second.forward(F.pad(hidden, ReflectOne, TorchSharp.PaddingModes.Reflect)),
            adainParams[.., (int)(2 * c)..(int)(3 * c)], adainParams[.., (int)(3 * c)..(int)(4 * c)]);
        return output.add_(x).MoveToOuterDisposeScope();
    }
}

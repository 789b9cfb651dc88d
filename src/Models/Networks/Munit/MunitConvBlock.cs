using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GitActors.Models.Networks.Munit;

public enum MunitNorm { None, Instance, Layer }

public enum MunitActivation { None, Relu, LeakyRelu, Tanh }

/// <summary>
/// MUNIT's Conv2dBlock: reflection pad -> conv (with bias) -> optional norm -> optional activation.
/// AdaIN blocks live in <see cref="MunitAdaInResBlock"/> because their affine parameters come from the style MLP.
/// </summary>
public sealed class MunitConvBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly InstanceNorm2d? instanceNorm;
    private readonly MunitLayerNorm? layerNorm;
    private readonly MunitActivation activation;
    private readonly long[] reflectPadding;

    public MunitConvBlock(
        string name, int inputChannels, int outputChannels, int kernelSize, int stride, int padding,
        MunitNorm norm, MunitActivation activation) : base(name)
    {
        conv = nn.Conv2d(inputChannels, outputChannels, kernel_size: kernelSize, stride: stride, padding: 0L, bias: true);
        // MUNIT's 'in' norm: no affine; running statistics are not used (the GIT reference code builds it that way).
        instanceNorm = norm == MunitNorm.Instance ? nn.InstanceNorm2d(outputChannels, eps: 1e-5, affine: false, track_running_stats: false) : null;
        layerNorm = norm == MunitNorm.Layer ? new MunitLayerNorm("ln", outputChannels) : null;
        this.activation = activation;
        reflectPadding = [padding, padding, padding, padding];
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var padded = reflectPadding[0] > 0 ? F.pad(x, reflectPadding, PaddingModes.Reflect) : null;
        var y = conv.forward(padded ?? x);
        if (instanceNorm is not null) y = instanceNorm.forward(y);
        if (layerNorm is not null) y = layerNorm.forward(y);
        return activation switch
        {
            MunitActivation.Relu => y.relu_(),
            MunitActivation.LeakyRelu => y.leaky_relu_(0.2),
            MunitActivation.Tanh => y.tanh_(),
            _ => y,
        };
    }
}

using static TorchSharp.torch;

namespace GitActors.Models.Networks.Munit;

/// <summary>
/// MUNIT's weights_init: it touches only Conv*/Linear weights (biases to 0). 'kaiming' = kaiming_normal fan_in, a = 0
/// (generators); 'gaussian' = N(0, 0.02) (discriminators). MUNIT's LayerNorm gamma is drawn U(0,1) at construction.
/// All draws come from the given generator so a run seed fixes the initial weights.
/// </summary>
public static class MunitInit
{
    public static void Kaiming(nn.Module module, Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var (_, child) in module.named_modules())
        {
            switch (child)
            {
                case Conv2d conv:
                    KaimingNormal(conv.weight!, generator);
                    conv.bias?.zero_();
                    break;
                case Linear linear:
                    KaimingNormal(linear.weight!, generator);
                    linear.bias?.zero_();
                    break;
                case MunitLayerNorm layerNorm:
                    layerNorm.Gamma.uniform_(0, 1, generator);
                    layerNorm.Beta.zero_();
                    break;
            }
        }
    }

    public static void Gaussian(nn.Module module, Generator generator, double std = 0.02)
    {
        using var noGrad = no_grad();
        foreach (var (_, child) in module.named_modules())
        {
            switch (child)
            {
                case Conv2d conv:
                    conv.weight!.normal_(0, std, generator);
                    conv.bias?.zero_();
                    break;
                case Linear linear:
                    linear.weight!.normal_(0, std, generator);
                    linear.bias?.zero_();
                    break;
            }
        }
    }

    /// <summary>torch.nn.init.kaiming_normal_(w, a=0, mode='fan_in'): N(0, 2 / fan_in); TorchSharp's takes no generator.</summary>
    private static void KaimingNormal(Tensor weight, Generator generator)
    {
        var fanIn = weight.shape.Skip(1).Aggregate(1L, (product, size) => product * size);
        weight.normal_(0, Math.Sqrt(2.0 / fanIn), generator);
    }
}

using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GitActors.Models.Networks;

/// <summary>
/// The reference code's _weights_init: kaiming_normal_ (fan-in, gain sqrt 2) on every Conv2d and Linear weight.
/// Linear biases keep PyTorch's default uniform init; the cosine head keeps its own init, as in LDAM-DRW.
/// </summary>
internal static class KaimingInit
{
    public static void ConvAndLinearWeights(nn.Module root)
    {
        using var _ = no_grad();
        foreach (var (_, module) in root.named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanIn);
                    break;
                case Linear linear:
                    nn.init.kaiming_normal_(linear.weight, mode: nn.init.FanInOut.FanIn);
                    break;
            }
        }
    }
}

using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GitActors.Models.Losses;

/// <summary>
/// LDAM-DRW's focal loss: ce_i = w_yi * (-log p_yi) per sample; p = exp(-ce_i); loss = mean((1 - p)^gamma * ce_i).
/// The mean is unweighted: the weights act through ce_i only.
/// </summary>
public sealed class FocalLoss(double gamma) : IClassifierLoss
{
    public double Gamma { get; } = gamma >= 0 ? gamma : throw new ArgumentOutOfRangeException(nameof(gamma), "focal gamma must be >= 0");

    public Tensor Compute(Tensor logits, Tensor targets, Tensor? classWeights)
    {
        using var scope = NewDisposeScope();
        // Rounding can make ce_i slightly negative; (1 - p) would then be negative and a fractional power NaN.
        var ce = F.cross_entropy(logits, targets, classWeights, reduction: nn.Reduction.None).clamp_min(0);
        // Out of place on purpose: autograd needs exp's output and the power's input (vectors of N, so no cost).
        var p = ce.neg().exp();
        var modulating = (1 - p).pow(Gamma);
        return (modulating * ce).mean().MoveToOuterDisposeScope();
    }
}

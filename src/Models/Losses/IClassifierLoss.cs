using static TorchSharp.torch;

namespace GitActors.Models.Losses;

/// <summary>A classification loss over a batch, reduced to a scalar (SPEC 4).</summary>
public interface IClassifierLoss
{
    /// <param name="logits">N x C, float.</param>
    /// <param name="targets">N label ids, int64.</param>
    /// <param name="classWeights">C per-label-id weights on the logits' device and dtype, or null for none.</param>
    Tensor Compute(Tensor logits, Tensor targets, Tensor? classWeights);
}

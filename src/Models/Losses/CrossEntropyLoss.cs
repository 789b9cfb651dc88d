using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GitActors.Models.Losses;

/// <summary>Weighted cross-entropy: sum_i w_yi * l_i / sum_i w_yi (PyTorch's weighted mean); plain mean without weights.</summary>
public sealed class CrossEntropyLoss : IClassifierLoss
{
    public Tensor Compute(Tensor logits, Tensor targets, Tensor? classWeights) =>
        F.cross_entropy(logits, targets, classWeights);
}

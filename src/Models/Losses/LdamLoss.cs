using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GitActors.Models.Losses;

/// <summary>
/// Label-distribution-aware margin loss (Cao et al. 2019): weighted CE of s * (z - m_y * onehot(y)), where z are
/// cosine logits and m_j = n_j^(-1/4) rescaled so the largest margin is maxMargin. Counts are per label id.
/// </summary>
public sealed class LdamLoss : IClassifierLoss
{
    private readonly float[] _margins;
    private Tensor? _marginTensor; // cached on the device of the last batch, outside every dispose scope

    public LdamLoss(IReadOnlyList<int> classCounts, double maxMargin = 0.5, double scale = 30.0)
    {
        if (scale <= 0) throw new ArgumentOutOfRangeException(nameof(scale), "LDAM scale s must be positive");
        Margins = ClassWeights.LdamMargins(classCounts.ToArray(), maxMargin);
        Scale = scale;
        _margins = Margins.Select(m => (float)m).ToArray();
    }

    public IReadOnlyList<double> Margins { get; }

    public double Scale { get; }

    public Tensor Compute(Tensor logits, Tensor targets, Tensor? classWeights)
    {
        if (logits.shape[1] != _margins.Length)
            throw new ArgumentException($"LDAM was built for {_margins.Length} classes but the logits have {logits.shape[1]}");
        using var scope = NewDisposeScope();
        // one_hot(y) * m (broadcast over rows) is m_y at the target column and 0 elsewhere.
        var shift = F.one_hot(targets, _margins.Length).to(logits.dtype).mul_(MarginsOn(logits));
        var adjusted = (logits - shift).mul_(Scale);
        return F.cross_entropy(adjusted, targets, classWeights).MoveToOuterDisposeScope();
    }

    private Tensor MarginsOn(Tensor logits)
    {
        if (_marginTensor is null || _marginTensor.dtype != logits.dtype
            || _marginTensor.device_type != logits.device_type || _marginTensor.device_index != logits.device_index)
        {
            _marginTensor?.Dispose();
            _marginTensor = tensor(_margins).to(logits.dtype, logits.device).DetachFromDisposeScope();
        }
        return _marginTensor;
    }
}

using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GitActors.Models.Networks;

/// <summary>
/// LDAM's cosine head (LDAM-DRW's NormedLinear): logits = normalize(features, dim 1) @ normalize(W, dim 0), no bias,
/// so every logit lies in [-1, 1] and the loss's scale s sets the temperature. W is in_features x out_features.
/// </summary>
public sealed class NormedLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;

    public NormedLinear(long inFeatures, long outFeatures) : base(nameof(NormedLinear))
    {
        weight = new Parameter(empty(inFeatures, outFeatures));
        using (var generator = new Generator(0)) ResetParameters(generator);
        RegisterComponents();
    }

    /// <summary>uniform_(-1, 1).renorm_(2, 1, 1e-5).mul_(1e5) as in LDAM-DRW: every column scaled to unit L2 norm.</summary>
    public void ResetParameters(Generator generator)
    {
        using var noGrad = no_grad();
        weight.uniform_(-1, 1, generator);
        using var columnNorms = weight.norm(0, keepdim: true, p: 2);
        weight.div_(columnNorms);
    }

    public override Tensor forward(Tensor features)
    {
        using var unitFeatures = F.normalize(features, p: 2, dim: 1);
        using var unitColumns = F.normalize(weight, p: 2, dim: 0);
        return unitFeatures.mm(unitColumns);
    }
}

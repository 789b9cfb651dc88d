using TorchSharp;
using static TorchSharp.torch;

namespace GitActors.Models.Networks.Munit;

/// <summary>
/// MUNIT's own LayerNorm (not torch's): per sample over (C,H,W), x = (x - mean) / (std + eps) with the UNBIASED std,
/// then a per-channel affine. gamma ~ U(0,1) at init (see <see cref="MunitInit"/>), beta = 0.
/// </summary>
public sealed class MunitLayerNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter gamma;
    private readonly Parameter beta;
    private readonly double eps;

    public MunitLayerNorm(string name, int channels, double eps = 1e-5) : base(name)
    {
        gamma = new Parameter(torch.rand(channels));
        beta = new Parameter(torch.zeros(channels));
        this.eps = eps;
        RegisterComponents();
    }

    public Parameter Gamma => gamma;

    public Parameter Beta => beta;

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var batch = x.shape[0];
        var channels = x.shape[1];
        var (std, mean) = torch.std_mean(x.reshape(batch, -1), dimensions: [1], unbiased: true, keepdim: true);
        // Fold normalisation and affine into one per-(sample, channel) scale and shift, so the full-size tensor is
        // touched once: y = x * gamma/(std+eps) + (beta - mean * gamma/(std+eps)).
        var scale = gamma.view(1, channels) / (std + eps);
        var shift = beta.view(1, channels) - mean * scale;
        var result = torch.addcmul(shift.view(batch, channels, 1, 1), x, scale.view(batch, channels, 1, 1), 1);
        return result.MoveToOuterDisposeScope();
    }
}

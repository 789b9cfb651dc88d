using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GitActors.Models.Networks.Munit;

/// <summary>
/// MUNIT's AdaptiveInstanceNorm2d as a function: instance statistics of every (sample, channel) plane
/// (biased variance, eps 1e-5), then the style's per-sample scale ("std") and shift ("mean").
/// MUNIT computes it as batch_norm in training mode over a (1, B*C, H, W) view; its running buffers are never read.
/// </summary>
public static class AdaptiveInstanceNorm
{
    public const double Eps = 1e-5;

    /// <param name="x">B x C x H x W.</param>
    /// <param name="mean">B x C shift (MUNIT's "bias").</param>
    /// <param name="std">B x C scale (MUNIT's "weight").</param>
    public static Tensor Apply(Tensor x, Tensor mean, Tensor std)
    {
        var shape = x.shape;
        using var planes = x.reshape(1, shape[0] * shape[1], shape[2], shape[3]);
        using var weight = std.reshape(-1);
        using var bias = mean.reshape(-1);
        using var normalised = F.batch_norm(planes, null, null, weight, bias, training: true, momentum: 0.1, eps: Eps);
        return normalised.view(shape);
    }
}

using static TorchSharp.torch;

namespace GitActors.Models.Networks;

/// <summary>
/// NHWC ("channels last") activations. TorchSharp 0.107 has no memory_format argument, but ATen infers the format from
/// strides, so a permute-copy-permute gives a tensor ATen treats as channels last. On the CPU, oneDNN then convolves
/// NHWC directly instead of reordering every activation to and from its blocked layout, and batch norm, ReLU and the
/// residual adds keep the layout.
/// </summary>
public static class ChannelsLast
{
    /// <summary>Same values and shape (N x C x H x W), NHWC in memory; autograd flows through the copy.</summary>
    public static Tensor Of(Tensor x) => x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
}

namespace GitActors.Models.Tests.Networks;

/// <summary>Parameter counts written out from layer shapes, to pin a network per module instead of by one total.</summary>
internal static class ParameterCounts
{
    /// <summary>A k x k convolution: in x out x k x k weights, plus out biases.</summary>
    public static long Conv(long input, long output, long kernel, bool bias = true) => input * output * kernel * kernel + (bias ? output : 0);

    /// <summary>A fully connected layer: in x out weights plus out biases.</summary>
    public static long Linear(long input, long output, bool bias = true) => input * output + (bias ? output : 0);

    /// <summary>An affine norm (batch norm, MUNIT's layer norm): a scale and a shift per channel.</summary>
    public static long AffineNorm(long channels) => 2 * channels;

    /// <summary>The model's parameters summed per module, the module named by the first <paramref name="depth"/> parts of each parameter's name.</summary>
    public static Dictionary<string, long> ByModule(torch.nn.Module module, int depth) => module.named_parameters()
        .GroupBy(p => string.Join('.', p.name.Split('.').Take(depth)))
        .ToDictionary(g => g.Key, g => g.Sum(p => p.parameter.numel()));
}

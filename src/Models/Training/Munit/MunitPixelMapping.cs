using static TorchSharp.torch;

namespace GitActors.Models.Training.Munit;

/// <summary>
/// Converts between the classifier's input, (pixel/255 - mean_c) / std_c, and MUNIT's, pixel/255 * 2 - 1 (SPEC 6).
/// Mean and std are the per-channel statistics of the long-tailed training set, in [0, 1] pixel units.
/// </summary>
public sealed class MunitPixelMapping
{
    private readonly float[] _mean;
    private readonly float[] _std;

    public MunitPixelMapping(IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        if (mean.Count == 0 || mean.Count != std.Count)
            throw new ArgumentException($"need one mean and one std per channel (got {mean.Count} and {std.Count})");
        if (std.Any(s => !(s > 0))) throw new ArgumentException("every channel std must be positive");
        _mean = mean.ToArray();
        _std = std.ToArray();
    }

    public int Channels => _mean.Length;

    /// <summary>Classifier-normalised B x C x H x W -> MUNIT's [-1, 1] range.</summary>
    public Tensor ToMunit(Tensor classifierInput)
    {
        using var scope = NewDisposeScope();
        var (m, s) = Statistics(classifierInput);
        return (classifierInput * s + m).mul_(2).sub_(1).MoveToOuterDisposeScope();
    }

    /// <summary>MUNIT's [-1, 1] B x C x H x W -> classifier-normalised.</summary>
    public Tensor ToClassifier(Tensor munitOutput)
    {
        using var scope = NewDisposeScope();
        var (m, s) = Statistics(munitOutput);
        return ((munitOutput + 1) * 0.5 - m).div_(s).MoveToOuterDisposeScope();
    }

    private (Tensor Mean, Tensor Std) Statistics(Tensor x)
    {
        if (x.dim() != 4 || x.shape[1] != Channels)
            throw new ArgumentException($"expected B x {Channels} x H x W, got [{string.Join(", ", x.shape)}]");
        var m = tensor(_mean, dtype: x.dtype, device: x.device).view(1, Channels, 1, 1);
        var s = tensor(_std, dtype: x.dtype, device: x.device).view(1, Channels, 1, 1);
        return (m, s);
    }
}

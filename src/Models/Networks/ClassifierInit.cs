using static TorchSharp.torch;

namespace GitActors.Models.Networks;

/// <summary>
/// Initial weights drawn from a generator the caller seeds, never from torch's process-wide one: trainers build
/// models on several threads at once, and a run's initial weights must depend on its seed alone.
/// </summary>
internal static class ClassifierInit
{
    public enum Scheme
    {
        /// <summary>The CIFAR-ResNet reference's _weights_init: kaiming_normal_ (fan-in, gain sqrt 2) on conv and linear weights.</summary>
        KaimingNormalWeights,

        /// <summary>PyTorch's own layer defaults (kaiming_uniform_ with a = sqrt 5, i.e. U(+-1/sqrt(fan_in))).</summary>
        PyTorchDefault,
    }

    /// <summary>
    /// Re-draws every Conv2d, Linear and NormedLinear parameter. Biases always take PyTorch's default
    /// U(+-1/sqrt(fan_in)) (the reference leaves them alone); BatchNorm keeps its deterministic ones and zeros.
    /// </summary>
    public static void Apply(nn.Module root, Scheme scheme, Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var (_, module) in root.named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    Weight(conv.weight!, scheme, generator);
                    Bias(conv.bias, conv.weight!, generator);
                    break;
                case Linear linear:
                    Weight(linear.weight!, scheme, generator);
                    Bias(linear.bias, linear.weight!, generator);
                    break;
                case NormedLinear normed:
                    normed.ResetParameters(generator);
                    break;
            }
        }
    }

    private static long FanIn(Tensor weight) => weight.shape.Skip(1).Aggregate(1L, (product, size) => product * size);

    private static void Weight(Tensor weight, Scheme scheme, Generator generator)
    {
        var fanIn = FanIn(weight);
        if (scheme == Scheme.KaimingNormalWeights) weight.normal_(0, Math.Sqrt(2.0 / fanIn), generator);
        else weight.uniform_(-1 / Math.Sqrt(fanIn), 1 / Math.Sqrt(fanIn), generator);
    }

    private static void Bias(Tensor? bias, Tensor weight, Generator generator)
    {
        var bound = 1 / Math.Sqrt(FanIn(weight));
        bias?.uniform_(-bound, bound, generator);
    }
}

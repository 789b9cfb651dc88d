using static TorchSharp.torch;

namespace GitActors.Models.Torch;

/// <summary>How often narrow convolutions gave a different (or non-finite) output or gradient for one fixed input.</summary>
public sealed record ConvolutionCheckResult(int Threads, int Passes, int Inexact)
{
    public bool Exact => Inexact == 0;

    public string Describe() => $"{Inexact} of {Passes} narrow-convolution passes at {Threads} thread{(Threads == 1 ? "" : "s")} differed or were not finite";
}

/// <summary>
/// Repeats forward and backward of narrow convolutions (the shapes where one machine's oneDNN kernels went wrong:
/// 1->8 and 8->1 7x7, 4->8 4x4) on one fixed input and counts passes that differ bit for bit from the reference pass
/// or are not finite. A correct kernel gives identical results every time. Callers > 1 runs the shapes on that many
/// threads at once, as concurrent trainers in one process do.
/// </summary>
public static class ConvolutionCheck
{
    private static readonly (int Inputs, int Outputs, int Kernel, int Side)[] Shapes = [(1, 8, 7, 16), (8, 1, 7, 16), (4, 8, 4, 14)];

    private const int PassesPerShape = 100;

    public static ConvolutionCheckResult Run(int threads)
    {
        var previousThreads = get_num_threads();
        set_num_threads(threads);
        try
        {
            var inexact = Shapes.Sum(shape => InexactPasses(shape.Inputs, shape.Outputs, shape.Kernel, shape.Side, PassesPerShape));
            return new ConvolutionCheckResult(threads, Shapes.Length * PassesPerShape, inexact);
        }
        finally
        {
            set_num_threads(previousThreads);
        }
    }

    /// <summary>
    /// Passes of a Conv2d(inputs, outputs, kernel, padding kernel / 2) on a fixed 2 x inputs x side x side input, after a
    /// reference pass, whose output or gradients differ from the reference's or are not finite.
    /// </summary>
    public static int InexactPasses(int inputs, int outputs, int kernel, int side, int passes)
    {
        using var gradients = enable_grad();
        using var scope = NewDisposeScope();
        using var random = new Generator(11);
        var conv = nn.Conv2d(inputs, outputs, kernel, padding: kernel / 2);
        using (no_grad())
            foreach (var parameter in conv.parameters()) parameter.copy_(randn(parameter.shape, generator: random) * 0.1);
        var x = randn([2, inputs, side, side], generator: random).requires_grad_(true);

        Tensor[] Pass()
        {
            x.grad?.zero_();
            conv.zero_grad();
            var y = conv.forward(x);
            y.square().mean().backward();
            return [y.detach().clone(), x.grad!.clone(), conv.weight!.grad!.clone(), conv.bias!.grad!.clone()];
        }

        // A wrong reference makes every later pass differ, so it counts too.
        var reference = Pass();
        var inexact = 0;
        for (var i = 0; i < passes; i++)
        {
            using var pass = NewDisposeScope();
            var results = Pass();
            if (results.Zip(reference).Any(p => !p.First.isfinite().all().item<bool>() || !p.First.equal(p.Second).all().item<bool>()))
                inexact++;
        }
        return inexact;
    }
}

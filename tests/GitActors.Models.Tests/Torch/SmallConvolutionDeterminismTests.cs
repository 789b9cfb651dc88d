using GitActors.Models.Torch;

namespace GitActors.Models.Tests.Torch;

/// <summary>
/// The convolutions this process trains with (after <see cref="TorchProcess"/> chose them, as every gitactors process
/// does) must give the same output and gradients every time for the same input, or nothing trained is reproducible.
/// The shapes are the tests' MUNIT networks' (base width 8 on grey images). On one machine (AMD EPYC family 26 under
/// Firecracker, 2026-12-01) libtorch's oneDNN kernels did not (1->4 7x7 at 2 threads: non-finite in 246 of 2,000
/// passes); there this holds only because ConvolutionKernels turned oneDNN off, so it fails if that fallback breaks.
/// </summary>
public sealed class SmallConvolutionDeterminismTests
{
    [Theory]
    [InlineData(1, 8, 7, 16)]
    [InlineData(8, 16, 4, 16)]
    [InlineData(16, 8, 5, 8)]
    [InlineData(8, 1, 7, 16)]
    public void A_convolution_gives_the_same_output_and_gradients_every_time(int inputs, int outputs, int kernel, int side) =>
        Assert.Equal(0, ConvolutionCheck.InexactPasses(inputs, outputs, kernel, side, passes: 300));
}

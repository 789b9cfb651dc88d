using System.Runtime.CompilerServices;
using GitActors.Models.Torch;

namespace GitActors.Actors.Tests;

/// <summary>The test process readies libtorch as every gitactors process does before it trains (ConvolutionKernels).</summary>
internal static class TorchProcess
{
    [ModuleInitializer]
    internal static void Prepare() => TorchRuntime.PrepareCpu();
}

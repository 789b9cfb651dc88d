using System.Runtime.InteropServices;
using GitActors.Models.Torch;
using static TorchSharp.torch;

namespace GitActors.Models.Tests.Torch;

[CollectionDefinition(nameof(NativeHeapGrowthTests), DisableParallelization = true)]
public sealed class NativeHeapCollection;

/// <summary>Alone in its collection: glibc's heap size is process-wide, so other tests must not allocate meanwhile.</summary>
[Collection(nameof(NativeHeapGrowthTests))]
public sealed class NativeHeapGrowthTests
{
    [Fact]
    public void Repeated_nhwc_batch_norm_training_steps_reuse_the_native_heap()
    {
        Assert.True(NativeHeapTuning.Apply() || !OperatingSystem.IsLinux(), "the training process's heap settings");
        using var norm = nn.BatchNorm2d(16);
        // A per-channel scale instead of a convolution: the heap's high-water mark then does not depend on the machine's
        // convolution kernels (ATen's im2col buffers kept it growing for ~50 steps).
        using var scale = ones(1, 16, 1, 1).requires_grad_();
        using var x = ChannelsLast.Of(randn(64, 16, 28, 28, generator: new Generator(11)));
        void Step()
        {
            using var scope = NewDisposeScope();
            var y = x;
            for (var layer = 0; layer < 8; layer++) y = ChannelsLastBatchNorm.Forward(norm, y * scale).relu();
            y.square().mean().backward();
            scale.grad?.zero_();
            norm.zero_grad();
        }

        // Warm-up: the heap settles within ~50 steps (then 0 MB growth over the next 40, 4 of 4 runs).
        for (var i = 0; i < 50; i++) Step();
        var before = HeapBytes();
        const int steps = 40;
        for (var i = 0; i < steps; i++) Step();
        var grown = HeapBytes() - before;

        // Each extension takes at least the top pad. Without the collections of ChannelsLastBatchNorm's nodes, freed
        // buffers lie between live ones and the heap kept growing: 255-319 MB over these 40 steps.
        Assert.True(grown < NativeHeapTuning.TopPadBytes, $"glibc heap grew {grown >> 20} MB over {steps} steps");
    }

    private static long HeapBytes()
    {
        var info = mallinfo2();
        return (long)info.Arena + (long)info.Mmapped;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint Arena, OrdinaryBlocks, SmallBlocks, MmappedBlocks, Mmapped, MaxTotalAllocated, FastbinBytes, InUse, Free, TopReleasable;
    }

    [DllImport("libc")]
    private static extern MallInfo2 mallinfo2();
}

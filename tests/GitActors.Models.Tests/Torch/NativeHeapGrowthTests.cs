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
        using var conv = nn.Conv2d(16, 16, 3, padding: 1, bias: false);
        using var norm = nn.BatchNorm2d(16);
        using var x = ChannelsLast.Of(randn(64, 16, 28, 28, generator: new Generator(11)));
        void Step()
        {
            using var scope = NewDisposeScope();
            var y = x;
            for (var layer = 0; layer < 8; layer++) y = ChannelsLastBatchNorm.Forward(norm, conv.forward(y)).relu();
            y.square().mean().backward();
            conv.zero_grad();
            norm.zero_grad();
        }

        for (var i = 0; i < 10; i++) Step();
        var before = HeapBytes();
        const int steps = 40;
        for (var i = 0; i < steps; i++) Step();
        var grown = HeapBytes() - before;

        // One step's buffers are about 10 MB; 400 nodes without collections grew the heap by hundreds of MB.
        Assert.True(grown < 64L << 20, $"glibc heap grew {grown >> 20} MB over {steps} steps");
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

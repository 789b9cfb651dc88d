using GitActors.Models.Torch;

namespace GitActors.Models.Tests.Torch;

public sealed class NativeHeapTuningTests
{
    [Fact]
    public void Glibc_accepts_the_training_heap_settings_and_a_second_call_is_harmless()
    {
        // Debian's glibc: mallopt returns 1 for each accepted setting; a refused value (e.g. an mmap threshold above
        // glibc's 32 MiB ceiling) would make Apply return false.
        Assert.True(NativeHeapTuning.Apply());
        Assert.True(NativeHeapTuning.Apply());
    }
}

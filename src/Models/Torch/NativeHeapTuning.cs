using System.Runtime.InteropServices;

namespace GitActors.Models.Torch;

/// <summary>
/// glibc malloc settings for a training process. libtorch allocates every activation and gradient buffer with malloc,
/// and by default glibc serves blocks above its (adaptive) mmap threshold with fresh mmaps and trims freed heap tops:
/// each training step then page-faults and zeroes the same few hundred MB again (seen as clear_page/exc_page_fault in
/// `perf`). Keeping freed blocks in the heap costs resident memory up to one step's peak working set and saves that.
/// </summary>
public static class NativeHeapTuning
{
    // mallopt parameter numbers from glibc's malloc.h.
    private const int TrimThreshold = -1;
    private const int TopPad = -2;
    private const int MmapThreshold = -3;

    /// <summary>glibc's ceiling for M_MMAP_THRESHOLD on 64-bit (HEAP_MAX_SIZE / 2); larger values are refused.</summary>
    private const int MaxMmapThreshold = 32 * 1024 * 1024;

    /// <summary>How much more than asked glibc takes from the system whenever the heap must grow (M_TOP_PAD).</summary>
    public const int TopPadBytes = 64 * 1024 * 1024;

    private static readonly Lazy<bool> Applied = new(ApplyOnce);

    /// <summary>Applies the settings (once per process); false where the C library is not glibc and nothing changed.</summary>
    public static bool Apply() => Applied.Value;

    private static bool ApplyOnce()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return mallopt(MmapThreshold, MaxMmapThreshold) == 1
                   & mallopt(TrimThreshold, int.MaxValue) == 1
                   & mallopt(TopPad, TopPadBytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
}

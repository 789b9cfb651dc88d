using System.Runtime.InteropServices;

namespace GitActors.Models.Torch;

/// <summary>
/// OpenMP's team size for threads that never set their own, fixed when libtorch (and its libgomp) loads. libtorch's
/// set_num_threads reaches only the calling thread and threads that later run a large elementwise op; a thread whose
/// first convolution comes before that (small tensors) runs oneDNN with libgomp's default, all processors. Where
/// oneDNN is wrong at 2+ threads (see <see cref="ConvolutionKernels"/>) that default alone would leave such threads
/// exposed, so the process sets OMP_NUM_THREADS=1 before libtorch loads (unless the user set it) and sets libtorch's
/// own thread count explicitly (<see cref="TorchRuntime.PrepareCpu"/>).
/// </summary>
public static class OpenMpDefaults
{
    public const string Variable = "OMP_NUM_THREADS";

    /// <summary>The count the user gave in OMP_NUM_THREADS, read from the environment the process started with.</summary>
    public static int? UserThreads { get; } =
        int.TryParse(Environment.GetEnvironmentVariable(Variable), out var threads) && threads > 0 ? threads : null;

    private static readonly Lazy<bool> Applied = new(ApplyOnce);

    /// <summary>
    /// Call before the first tensor exists (later, libgomp has read its environment and nothing changes). True when
    /// the native environment now holds OMP_NUM_THREADS=1.
    /// </summary>
    public static bool Apply() => Applied.Value;

    private static bool ApplyOnce()
    {
        // .NET's Environment.SetEnvironmentVariable changes only its own copy on Unix; libgomp reads the C library's.
        if (!OperatingSystem.IsLinux() || UserThreads is not null) return false;
        try
        {
            return setenv(Variable, "1", 0) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv(string name, string value, int overwrite);
}

using System.Runtime.InteropServices;

namespace GitActors.Models.Torch;

/// <summary>
/// libtorch's process-wide "use oneDNN" flag (PyTorch's torch.backends.mkldnn.enabled), which TorchSharp does not
/// expose: at::globalContext().setUserEnabledMkldnn. With it off, CPU convolutions run ATen's own kernels (im2col and
/// GEMM) instead of oneDNN's JIT kernels.
/// </summary>
public static class OneDnnSwitch
{
    private const string Library = "libtorch_cpu.so";

    /// <summary>Whether the switch can be reached in this libtorch build (a Linux build exporting the C++ symbols).</summary>
    public static bool Available
    {
        get
        {
            try
            {
                _ = userEnabledMkldnn(globalContext());
                return true;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return false;
            }
        }
    }

    public static bool Enabled
    {
        get => userEnabledMkldnn(globalContext());
        set => setUserEnabledMkldnn(globalContext(), value);
    }

    /// <summary>
    /// libtorch's NNPACK flag (torch.backends.nnpack.enabled). Without oneDNN, ATen tries NNPACK for convolutions
    /// first; on a CPU NNPACK does not support it fails to initialise and prints a warning to stderr on every try.
    /// </summary>
    public static bool NnpackEnabled
    {
        get => userEnabledNNPACK(globalContext());
        set => setUserEnabledNNPACK(globalContext(), value);
    }

    // at::Context& at::globalContext(); at::Context is a plain C++ object whose non-virtual members take it as `this`.
    [DllImport(Library, EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr globalContext();

    [DllImport(Library, EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool userEnabledMkldnn(IntPtr context);

    [DllImport(Library, EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void setUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport(Library, EntryPoint = "_ZNK2at7Context17userEnabledNNPACKEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool userEnabledNNPACK(IntPtr context);

    [DllImport(Library, EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void setUserEnabledNNPACK(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);
}

using TorchSharp;

namespace GitActors.Models.Torch;

/// <summary>Picks the compute device at run time and reports what the process is running on.</summary>
public static class TorchRuntime
{
    public static bool CudaAvailable => torch.cuda.is_available();

    public static int CudaDeviceCount => CudaAvailable ? torch.cuda.device_count() : 0;

    /// <summary>"cuda:N" when CUDA is present and asked for, else "cpu".</summary>
    public static torch.Device Device(string name) => name == "auto"
        ? (CudaAvailable ? torch.CUDA : torch.CPU)
        : torch.device(name);

    /// <summary>
    /// Readies this process for training: sets libtorch's intra-op thread count (when given) and chooses the convolution
    /// kernels (once per process, see <see cref="ConvolutionKernels"/>). Every command and node that trains calls this
    /// first.
    /// </summary>
    public static ConvolutionKernelChoice PrepareCpu(int? threads = null)
    {
        if (threads is { } t) torch.set_num_threads(t);
        return ConvolutionKernels.Prepare();
    }
}

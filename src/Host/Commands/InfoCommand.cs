using GitActors.Models.Torch;

namespace GitActors.Host.Commands;

/// <summary>`gitactors info`: the runtime this process sees (torch build, devices, threads).</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Show the torch runtime, devices, thread count and the convolution kernels chosen for this machine");
        command.SetAction(_ =>
        {
            var kernels = TorchRuntime.PrepareCpu();
            Console.WriteLine($"torch threads: {torch.get_num_threads()}");
            Console.WriteLine($"cuda available: {TorchRuntime.CudaAvailable} ({TorchRuntime.CudaDeviceCount} devices)");
            Console.WriteLine($"processors: {Environment.ProcessorCount}");
            Console.WriteLine(kernels.Describe());
            return 0;
        });
        return command;
    }
}

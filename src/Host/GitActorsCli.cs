using GitActors.Host.Commands;
using GitActors.Models.Torch;

namespace GitActors.Host;

/// <summary>
/// The gitactors command line, composed once: Program runs it with no fault points; the crash tests' own entry point
/// (tests/GitActors.FaultHost) runs the very same commands with fault points that hold the process at a named point.
/// </summary>
internal static class GitActorsCli
{
    public static async Task<int> RunAsync(string[] args, IFaultPoints faults)
    {
        // Before any tensor exists: libtorch then reuses freed step buffers instead of page-faulting fresh ones.
        NativeHeapTuning.Apply();
        var root = new RootCommand("GitActors: actor-model experiment engine for long-tailed classification and Generative Invariance Transfer");
        foreach (var command in CommandCatalog.All(faults)) root.Subcommands.Add(command);
        return await CommandErrors.InvokeAsync(root, args);
    }
}

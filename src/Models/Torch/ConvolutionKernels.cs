namespace GitActors.Models.Torch;

/// <summary>GITACTORS_ONEDNN: auto (check the machine and work around inexact oneDNN convolutions), on, off.</summary>
public enum OneDnnPolicy
{
    Auto,
    On,
    Off,
}

/// <summary>Which CPU convolution kernels this process uses, at most how many intra-op threads, and why.</summary>
public sealed record ConvolutionKernelChoice(bool OneDnn, int? ThreadCap, string Reason)
{
    public string Describe() =>
        $"convolutions: {(OneDnn ? "oneDNN" : "ATen (oneDNN off)")}{(ThreadCap is { } cap ? $" at most {cap} intra-op thread{(cap == 1 ? "" : "s")}" : "")}, {Reason}";
}

/// <summary>
/// Chooses the process's CPU convolution kernels once, before training. On one machine (an AMD EPYC family 26 VM)
/// libtorch's oneDNN kernels were wrong for narrow convolutions at 2 threads (NaN or differing gradients in most
/// passes) but exact at 1 intra-op thread, also with two trainers convolving at once; ATen's own kernels were exact
/// but 3.7x (simplecnn) to 8x (resnet20) slower. So `auto` checks the machine: oneDNN as asked where it is exact,
/// else oneDNN at 1 intra-op thread (trainers in CPU slots still run side by side) where that is exact, else ATen.
/// </summary>
public static class ConvolutionKernels
{
    public const string PolicyVariable = "GITACTORS_ONEDNN";

    /// <summary>The first check runs at no fewer threads than this: the fault seen is a multi-thread one.</summary>
    private const int MinimumCheckThreads = 2;

    /// <summary>The single-thread check runs this many callers at once, as CPU slots' trainers do.</summary>
    private const int ConcurrentCallers = 2;

    private static readonly Lock Gate = new();
    private static ConvolutionKernelChoice? _choice;

    /// <summary>Reads GITACTORS_ONEDNN (unset: auto); a bad value is an ArgumentException naming the variable.</summary>
    public static OneDnnPolicy PolicyFromEnvironment() => ParsePolicy(Environment.GetEnvironmentVariable(PolicyVariable));

    public static OneDnnPolicy ParsePolicy(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => OneDnnPolicy.Auto,
        "on" => OneDnnPolicy.On,
        "off" => OneDnnPolicy.Off,
        _ => throw new ArgumentException($"{PolicyVariable}: expected auto, on or off, got '{value}'"),
    };

    /// <summary>The pure decision; check(threads, callers) runs only under auto, and at 1 thread only if needed.</summary>
    public static ConvolutionKernelChoice Decide(OneDnnPolicy policy, int threads, Func<int, int, ConvolutionCheckResult> check)
    {
        if (policy == OneDnnPolicy.On) return new ConvolutionKernelChoice(true, null, $"{PolicyVariable}=on");
        if (policy == OneDnnPolicy.Off) return new ConvolutionKernelChoice(false, null, $"{PolicyVariable}=off");

        var asked = check(Math.Max(MinimumCheckThreads, threads), 1);
        if (asked.Exact) return new ConvolutionKernelChoice(true, null, $"checked exact at {asked.Threads} threads");
        var single = check(1, ConcurrentCallers);
        return single.Exact
            ? new ConvolutionKernelChoice(true, 1, $"oneDNN inexact on this machine ({asked.Describe()}), exact at 1 ({single.Describe()})")
            : new ConvolutionKernelChoice(false, null, $"oneDNN inexact on this machine ({asked.Describe()}; {single.Describe()})");
    }

    /// <summary>
    /// Decides once per process at libtorch's current thread count (later calls return the first choice) and switches
    /// oneDNN accordingly; the caller applies the thread cap. The checks take well under a second.
    /// </summary>
    public static ConvolutionKernelChoice Prepare()
    {
        lock (Gate)
        {
            if (_choice is not null) return _choice;
            var policy = PolicyFromEnvironment();
            if (!OneDnnSwitch.Available)
                return _choice = new ConvolutionKernelChoice(true, null, "this libtorch build does not expose the oneDNN switch");
            _choice = Decide(policy, TorchSharp.torch.get_num_threads(), (threads, callers) => ConvolutionCheck.Run(threads, callers));
            OneDnnSwitch.Enabled = _choice.OneDnn;
            return _choice;
        }
    }
}

namespace GitActors.Models.Torch;

/// <summary>GITACTORS_ONEDNN: auto (check the machine, leave oneDNN where it is inexact), on, off.</summary>
public enum OneDnnPolicy
{
    Auto,
    On,
    Off,
}

/// <summary>Which CPU convolution kernels this process uses, and why.</summary>
public sealed record ConvolutionKernelChoice(bool OneDnn, string Reason)
{
    public string Describe() => $"convolutions: {(OneDnn ? "oneDNN" : "ATen (oneDNN off)")}, {Reason}";
}

/// <summary>
/// Chooses the process's CPU convolution kernels once, before training. On one machine type (an AMD EPYC family 26
/// VM) libtorch's oneDNN convolutions were wrong for narrow convolutions: NaN or differing results in most passes at
/// 2 threads, and at 1 thread too once the process had run other convolutions; ATen's own kernels were exact. So
/// `auto` checks the machine (or goes by <see cref="InexactOneDnnRecord"/>) and turns oneDNN off where it is inexact.
/// </summary>
public static class ConvolutionKernels
{
    public const string PolicyVariable = "GITACTORS_ONEDNN";

    /// <summary>The check runs at no fewer threads than this: there the fault shows at once.</summary>
    private const int MinimumCheckThreads = 2;

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

    /// <summary>
    /// The pure decision; check(threads) runs only under auto and only when this kind of machine is not already
    /// recorded inexact (a busy machine can pass the check by luck: the race needs the threads to run at once).
    /// </summary>
    public static ConvolutionKernelChoice Decide(OneDnnPolicy policy, int threads, bool knownInexact, Func<int, ConvolutionCheckResult> check)
    {
        if (policy == OneDnnPolicy.On) return new ConvolutionKernelChoice(true, $"{PolicyVariable}=on");
        if (policy == OneDnnPolicy.Off) return new ConvolutionKernelChoice(false, $"{PolicyVariable}=off");
        if (knownInexact) return new ConvolutionKernelChoice(false, "oneDNN recorded inexact on this machine");
        var result = check(Math.Max(MinimumCheckThreads, threads));
        return result.Exact
            ? new ConvolutionKernelChoice(true, $"checked exact at {result.Threads} threads")
            : new ConvolutionKernelChoice(false, $"oneDNN inexact on this machine ({result.Describe()})");
    }

    /// <summary>
    /// Decides once per process at libtorch's current thread count (later calls return the first choice), switches
    /// oneDNN accordingly and records a machine found inexact. Well under a second.
    /// </summary>
    public static ConvolutionKernelChoice Prepare()
    {
        lock (Gate)
        {
            if (_choice is not null) return _choice;
            var policy = PolicyFromEnvironment();
            if (!OneDnnSwitch.Available)
                return _choice = new ConvolutionKernelChoice(true, "this libtorch build does not expose the oneDNN switch");
            var record = InexactOneDnnRecord.ForUser();
            var machine = InexactOneDnnRecord.MachineKey();
            var known = policy == OneDnnPolicy.Auto && record.Contains(machine);
            _choice = Decide(policy, TorchSharp.torch.get_num_threads(), known, ConvolutionCheck.Run);
            if (policy == OneDnnPolicy.Auto && !_choice.OneDnn) record.Add(machine);
            OneDnnSwitch.Enabled = _choice.OneDnn;
            // ATen's kernels without NNPACK: im2col and GEMM, exact there, and no stderr warning per convolution.
            if (!_choice.OneDnn) OneDnnSwitch.NnpackEnabled = false;
            return _choice;
        }
    }
}

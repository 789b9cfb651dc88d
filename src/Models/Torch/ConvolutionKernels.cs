namespace GitActors.Models.Torch;

/// <summary>GITACTORS_ONEDNN: auto (check the machine, fall back when its oneDNN convolutions are inexact), on, off.</summary>
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
/// Chooses the process's CPU convolution kernels once, before training. Some machines' oneDNN kernels are wrong for
/// narrow convolutions at 2+ threads (an AMD EPYC family 26 VM: NaN or differing gradients in up to 98 % of passes), which
/// makes training there neither correct nor reproducible; ATen's own kernels were exact on it. `auto` checks the
/// machine and falls back only where oneDNN fails the check, so other machines keep oneDNN's speed.
/// </summary>
public static class ConvolutionKernels
{
    public const string PolicyVariable = "GITACTORS_ONEDNN";

    /// <summary>The check runs at no fewer threads than this: the fault is a multi-thread one.</summary>
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

    /// <summary>The pure decision: the check runs only under auto.</summary>
    public static ConvolutionKernelChoice Decide(OneDnnPolicy policy, Func<ConvolutionCheckResult> check)
    {
        switch (policy)
        {
            case OneDnnPolicy.On:
                return new ConvolutionKernelChoice(true, $"{PolicyVariable}=on");
            case OneDnnPolicy.Off:
                return new ConvolutionKernelChoice(false, $"{PolicyVariable}=off");
        }
        var result = check();
        return result.Exact
            ? new ConvolutionKernelChoice(true, $"checked exact at {result.Threads} threads")
            : new ConvolutionKernelChoice(false, $"oneDNN inexact on this machine: {result.Inexact} of {result.Passes} narrow-convolution passes at {result.Threads} threads differed or were not finite");
    }

    /// <summary>
    /// Decides once per process (later calls return the first choice) and applies it. Call before the first training
    /// step; the check itself takes well under a second.
    /// </summary>
    public static ConvolutionKernelChoice Prepare()
    {
        lock (Gate)
        {
            if (_choice is not null) return _choice;
            var policy = PolicyFromEnvironment();
            if (!OneDnnSwitch.Available)
                return _choice = new ConvolutionKernelChoice(true, "this libtorch build does not expose the oneDNN switch");
            var threads = Math.Max(MinimumCheckThreads, TorchSharp.torch.get_num_threads());
            _choice = Decide(policy, () => ConvolutionCheck.Run(threads));
            OneDnnSwitch.Enabled = _choice.OneDnn;
            return _choice;
        }
    }
}

using GitActors.Models.Torch;

namespace GitActors.Models.Tests.Torch;

public sealed class ConvolutionKernelsTests
{
    private static ConvolutionCheckResult MustNotRun(int threads, int callers) => throw new InvalidOperationException("the check ran under a fixed policy");

    /// <summary>A machine whose check fails (1 inexact pass of 120) at the listed thread counts and passes at the others.</summary>
    private static Func<int, int, ConvolutionCheckResult> Machine(List<(int Threads, int Callers)> calls, params int[] inexactAt) => (threads, callers) =>
    {
        calls.Add((threads, callers));
        return new ConvolutionCheckResult(threads, callers, 120 * callers, inexactAt.Contains(threads) ? 1 : 0);
    };

    [Theory]
    [InlineData(null, OneDnnPolicy.Auto)]
    [InlineData("", OneDnnPolicy.Auto)]
    [InlineData("auto", OneDnnPolicy.Auto)]
    [InlineData(" On ", OneDnnPolicy.On)]
    [InlineData("off", OneDnnPolicy.Off)]
    public void The_policy_reads_auto_on_and_off(string? value, OneDnnPolicy expected) =>
        Assert.Equal(expected, ConvolutionKernels.ParsePolicy(value));

    [Fact]
    public void A_bad_policy_names_the_variable_and_the_value()
    {
        var error = Assert.Throws<ArgumentException>(() => ConvolutionKernels.ParsePolicy("fast"));
        Assert.Equal("GITACTORS_ONEDNN: expected auto, on or off, got 'fast'", error.Message);
    }

    [Fact]
    public void On_and_off_are_obeyed_without_checking_the_machine()
    {
        Assert.Equal(new ConvolutionKernelChoice(true, null, "GITACTORS_ONEDNN=on"), ConvolutionKernels.Decide(OneDnnPolicy.On, 2, MustNotRun));
        Assert.Equal(new ConvolutionKernelChoice(false, null, "GITACTORS_ONEDNN=off"), ConvolutionKernels.Decide(OneDnnPolicy.Off, 2, MustNotRun));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(6, 6)]
    public void Auto_keeps_onednn_uncapped_when_the_check_at_two_or_more_threads_is_exact(int threads, int checkedAt)
    {
        var calls = new List<(int, int)>();
        var choice = ConvolutionKernels.Decide(OneDnnPolicy.Auto, threads, Machine(calls));

        Assert.Equal(new ConvolutionKernelChoice(true, null, $"checked exact at {checkedAt} threads"), choice);
        Assert.Equal([(checkedAt, 1)], calls);
    }

    [Fact]
    public void Auto_caps_onednn_at_one_thread_when_only_that_is_exact_with_two_callers_at_once()
    {
        var calls = new List<(int, int)>();
        var choice = ConvolutionKernels.Decide(OneDnnPolicy.Auto, 2, Machine(calls, inexactAt: 2));

        Assert.Equal([(2, 1), (1, 2)], calls);
        Assert.True(choice.OneDnn);
        Assert.Equal(1, choice.ThreadCap);
        Assert.Equal("convolutions: oneDNN at most 1 intra-op thread, oneDNN inexact on this machine (1 of 120 narrow-convolution passes " +
                     "at 2 threads differed or were not finite), exact at 1 (0 of 240 narrow-convolution passes at 1 thread (2 callers at once) " +
                     "differed or were not finite)", choice.Describe());
    }

    [Fact]
    public void Auto_turns_onednn_off_when_one_thread_is_inexact_too()
    {
        var calls = new List<(int, int)>();
        var choice = ConvolutionKernels.Decide(OneDnnPolicy.Auto, 2, Machine(calls, 1, 2));

        Assert.Equal([(2, 1), (1, 2)], calls);
        Assert.Equal(new ConvolutionKernelChoice(false, null,
            "oneDNN inexact on this machine (1 of 120 narrow-convolution passes at 2 threads differed or were not finite; " +
            "1 of 240 narrow-convolution passes at 1 thread (2 callers at once) differed or were not finite)"), choice);
        Assert.StartsWith("convolutions: ATen (oneDNN off), oneDNN inexact", choice.Describe());
    }
}

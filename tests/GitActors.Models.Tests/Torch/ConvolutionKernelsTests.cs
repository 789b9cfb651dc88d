using GitActors.Models.Torch;
using GitActors.TestSupport;

namespace GitActors.Models.Tests.Torch;

public sealed class ConvolutionKernelsTests
{
    private static ConvolutionCheckResult MustNotRun(int threads) => throw new InvalidOperationException("the check ran");

    /// <summary>A machine whose check finds `inexact` passes of 300, recording the thread counts it was run at.</summary>
    private static Func<int, ConvolutionCheckResult> Machine(List<int> calls, int inexact) => threads =>
    {
        calls.Add(threads);
        return new ConvolutionCheckResult(threads, 300, inexact);
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
    public void On_and_off_are_obeyed_without_checking_the_machine_or_its_record()
    {
        Assert.Equal(new ConvolutionKernelChoice(true, "GITACTORS_ONEDNN=on"), ConvolutionKernels.Decide(OneDnnPolicy.On, 2, true, MustNotRun));
        Assert.Equal(new ConvolutionKernelChoice(false, "GITACTORS_ONEDNN=off"), ConvolutionKernels.Decide(OneDnnPolicy.Off, 2, false, MustNotRun));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(6, 6)]
    public void Auto_keeps_onednn_when_the_check_at_two_threads_or_more_is_exact(int threads, int checkedAt)
    {
        var calls = new List<int>();
        var choice = ConvolutionKernels.Decide(OneDnnPolicy.Auto, threads, false, Machine(calls, inexact: 0));

        Assert.Equal(new ConvolutionKernelChoice(true, $"checked exact at {checkedAt} threads"), choice);
        Assert.Equal([checkedAt], calls);
    }

    [Fact]
    public void Auto_turns_onednn_off_when_a_single_pass_is_inexact()
    {
        var choice = ConvolutionKernels.Decide(OneDnnPolicy.Auto, 2, false, Machine([], inexact: 1));

        Assert.False(choice.OneDnn);
        Assert.Equal("convolutions: ATen (oneDNN off), oneDNN inexact on this machine (1 of 300 narrow-convolution passes at 2 threads " +
                     "differed or were not finite)", choice.Describe());
    }

    [Fact]
    public void A_machine_recorded_inexact_is_not_checked_again_since_a_busy_machine_can_pass_by_luck()
    {
        var calls = new List<int>();
        var choice = ConvolutionKernels.Decide(OneDnnPolicy.Auto, 2, true, Machine(calls, inexact: 0));

        Assert.Empty(calls);
        Assert.Equal(new ConvolutionKernelChoice(false, "oneDNN recorded inexact on this machine"), choice);
    }

    [Fact]
    public void The_record_keeps_each_machine_key_once_and_only_those_keys()
    {
        using var folder = new TempFolder();
        var record = new InexactOneDnnRecord(Path.Combine(folder.Path, "cache", "gitactors", "onednn-inexact"));

        Assert.False(record.Contains("cpu A"));
        record.Add("cpu A");
        record.Add("cpu A");
        record.Add("cpu B");

        Assert.True(record.Contains("cpu A"));
        Assert.False(record.Contains("cpu"));
        Assert.Equal(["cpu A", "cpu B"], File.ReadAllLines(record.Path));
    }

    [Fact]
    public void The_machine_key_names_the_cpu_and_the_torchsharp_build()
    {
        var key = InexactOneDnnRecord.MachineKey();

        Assert.EndsWith($"TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}", key);
        if (OperatingSystem.IsLinux())
            Assert.Contains(File.ReadLines("/proc/cpuinfo").First(l => l.StartsWith("model name")).Split(':', 2)[1].Trim(), key);
    }
}

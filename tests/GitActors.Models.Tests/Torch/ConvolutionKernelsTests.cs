using GitActors.Models.Torch;

namespace GitActors.Models.Tests.Torch;

public sealed class ConvolutionKernelsTests
{
    private static ConvolutionCheckResult MustNotRun() => throw new InvalidOperationException("the check ran under a fixed policy");

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
        Assert.True(ConvolutionKernels.Decide(OneDnnPolicy.On, MustNotRun).OneDnn);
        Assert.False(ConvolutionKernels.Decide(OneDnnPolicy.Off, MustNotRun).OneDnn);
    }

    [Fact]
    public void Auto_keeps_onednn_when_the_check_is_exact_and_leaves_it_when_a_single_pass_is_not()
    {
        var exact = ConvolutionKernels.Decide(OneDnnPolicy.Auto, () => new ConvolutionCheckResult(2, 120, 0));
        var inexact = ConvolutionKernels.Decide(OneDnnPolicy.Auto, () => new ConvolutionCheckResult(2, 120, 1));

        Assert.True(exact.OneDnn);
        Assert.Equal("convolutions: oneDNN, checked exact at 2 threads", exact.Describe());
        Assert.False(inexact.OneDnn);
        Assert.Equal("convolutions: ATen (oneDNN off), oneDNN inexact on this machine: 1 of 120 narrow-convolution passes at 2 threads differed or were not finite",
            inexact.Describe());
    }
}

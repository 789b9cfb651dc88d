using GitActors.Models.Torch;

namespace GitActors.Models.Tests.Torch;

[CollectionDefinition(nameof(OneDnnSwitchTests), DisableParallelization = true)]
public sealed class OneDnnSwitchCollection;

/// <summary>Alone in its collection: the switch is process-wide, and other tests must not change kernels mid-run.</summary>
[Collection(nameof(OneDnnSwitchTests))]
public sealed class OneDnnSwitchTests
{
    [Fact]
    public void The_switch_reaches_libtorch_and_with_onednn_off_narrow_convolutions_are_exact_at_two_threads()
    {
        Assert.True(OneDnnSwitch.Available, "libtorch_cpu exports at::Context::setUserEnabledMkldnn");
        var before = OneDnnSwitch.Enabled;
        try
        {
            OneDnnSwitch.Enabled = false;
            Assert.False(OneDnnSwitch.Enabled);
            var check = ConvolutionCheck.Run(threads: 2);
            Assert.Equal(new ConvolutionCheckResult(2, 300, 0), check);
        }
        finally
        {
            OneDnnSwitch.Enabled = before;
        }
        Assert.Equal(before, OneDnnSwitch.Enabled);
    }

    [Fact]
    public void The_nnpack_switch_reaches_libtorch()
    {
        var before = OneDnnSwitch.NnpackEnabled;
        try
        {
            OneDnnSwitch.NnpackEnabled = !before;
            Assert.Equal(!before, OneDnnSwitch.NnpackEnabled);
        }
        finally
        {
            OneDnnSwitch.NnpackEnabled = before;
        }
        Assert.Equal(before, OneDnnSwitch.NnpackEnabled);
    }
}

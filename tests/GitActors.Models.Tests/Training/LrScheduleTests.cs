using GitActors.Models.Training;

namespace GitActors.Models.Tests.Training;

public sealed class LrScheduleTests
{
    [Theory]
    // LDAM-DRW's adjust_learning_rate with 1-based epochs: base*e/5 while e <= 5, x0.01 after 160, x0.0001 after 180.
    [InlineData(1, 0.02)]
    [InlineData(5, 0.1)]
    [InlineData(6, 0.1)]
    [InlineData(160, 0.1)]
    [InlineData(161, 0.001)]
    [InlineData(180, 0.001)]
    [InlineData(181, 0.00001)]
    [InlineData(200, 0.00001)]
    public void Cifar_step_schedule_matches_the_reference(int epoch, double expected) =>
        Assert.Equal(expected, LrSchedule.At(ScheduleSpec.Cifar, epoch), 12);

    [Theory]
    [InlineData(3, 0.06)]
    [InlineData(30, 0.1)]
    [InlineData(31, 0.001)]
    [InlineData(41, 0.00001)]
    public void K49_decays_after_30_and_40(int epoch, double expected) =>
        Assert.Equal(expected, LrSchedule.At(ScheduleSpec.K49, epoch), 12);

    [Fact]
    public void Cosine_starts_at_base_after_warm_up_and_falls_towards_zero()
    {
        var schedule = ScheduleSpec.K49 with { Policy = LrPolicy.Cosine };
        Assert.Equal(0.1, LrSchedule.At(schedule, 6), 12);
        Assert.Equal(0.1 * 0.5 * (1 + Math.Cos(Math.PI * 22 / 45.0)), LrSchedule.At(schedule, 28), 12);
        Assert.True(LrSchedule.At(schedule, 50) < 0.001);
    }

    [Fact]
    public void Epochs_are_one_based() => Assert.Throws<ArgumentOutOfRangeException>(() => LrSchedule.At(ScheduleSpec.K49, 0));

    [Fact]
    public void Shortened_schedules_keep_their_shape()
    {
        var five = ScheduleDefaults.WithEpochs(ScheduleSpec.K49, 5);
        Assert.Equal((5, 1, 3, 4), (five.Epochs, five.WarmupEpochs, five.Stage1Epoch, five.Stage2Epoch));
        var twenty = ScheduleDefaults.WithEpochs(ScheduleSpec.Cifar, 20);
        Assert.Equal((20, 1, 16, 18), (twenty.Epochs, twenty.WarmupEpochs, twenty.Stage1Epoch, twenty.Stage2Epoch));
        Assert.Same(ScheduleSpec.K49, ScheduleDefaults.WithEpochs(ScheduleSpec.K49, 50));
    }
}

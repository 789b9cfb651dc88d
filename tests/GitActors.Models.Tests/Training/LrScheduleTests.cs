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

    /// <summary>
    /// The stated rule (README, "A run shorter than the paper's keeps the schedule's shape"): each boundary b of the
    /// paper's E-epoch schedule becomes b x E' / E for an E'-epoch run, rounded to the nearest epoch with halves away
    /// from zero. Rows worked by hand: K49 is (E, W, s1, s2) = (50, 5, 30, 40), CIFAR (200, 5, 160, 180).
    /// </summary>
    [Theory]
    [InlineData("k49", 5, 1, 3, 4)]       // 5 x 5/50 = 0.5 -> 1 (half away from zero); 30 x 0.1 = 3; 40 x 0.1 = 4
    [InlineData("k49", 7, 1, 4, 6)]       // 0.7 -> 1; 4.2 -> 4; 5.6 -> 6
    [InlineData("k49", 10, 1, 6, 8)]      // 1.0; 6.0; 8.0
    [InlineData("k49", 25, 3, 15, 20)]    // 2.5 -> 3 (half away from zero); 15.0; 20.0
    [InlineData("k49", 2, 0, 1, 2)]       // 0.2 -> 0 (no warm-up); 1.2 -> 1; 1.6 -> 2
    [InlineData("cifar", 20, 1, 16, 18)]  // 5 x 20/200 = 0.5 -> 1; 16.0; 18.0
    [InlineData("cifar", 30, 1, 24, 27)]  // 0.75 -> 1; 24.0; 27.0
    public void Shortened_schedules_move_each_boundary_in_proportion(string family, int epochs, int warmup, int stage1, int stage2)
    {
        var paper = family == "k49" ? ScheduleSpec.K49 : ScheduleSpec.Cifar;
        var shortened = ScheduleDefaults.WithEpochs(paper, epochs);
        Assert.Equal((epochs, warmup, stage1, stage2), (shortened.Epochs, shortened.WarmupEpochs, shortened.Stage1Epoch, shortened.Stage2Epoch));
    }

    [Fact]
    public void A_shortened_run_gets_the_papers_rates_at_its_moved_boundaries()
    {
        // K49 over 25 epochs: (W, s1, s2) = (3, 15, 20) by the rule above; SPEC 5's rates: 0.1 x e / W while e <= W,
        // 0.1 up to s1, 0.1 x 0.01 up to s2, 0.1 x 0.0001 after.
        var schedule = ScheduleDefaults.WithEpochs(ScheduleSpec.K49, 25);
        double[] expected =
        [
            0.1 / 3, 0.2 / 3, 0.1,
            0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1,
            0.001, 0.001, 0.001, 0.001, 0.001,
            0.00001, 0.00001, 0.00001, 0.00001, 0.00001,
        ];
        var actual = Enumerable.Range(1, 25).Select(e => LrSchedule.At(schedule, e)).ToArray();
        for (var e = 0; e < expected.Length; e++)
            Assert.True(Math.Abs(expected[e] - actual[e]) <= 1e-15, $"epoch {e + 1}: {actual[e]:R}, expected {expected[e]:R}");
    }

    [Fact]
    public void A_run_of_the_papers_length_keeps_the_papers_schedule() =>
        Assert.Same(ScheduleSpec.K49, ScheduleDefaults.WithEpochs(ScheduleSpec.K49, 50));
}

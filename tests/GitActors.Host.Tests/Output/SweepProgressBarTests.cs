using GitActors.Actors.Sweeps;
using GitActors.Host.Output;
using GitActors.Models.Experiments.Protocol;
using GitActors.Models.Experiments.Sweeps;

namespace GitActors.Host.Tests.Output;

/// <summary>The live display's per-trainer bar: epochs before the current one plus the current one's steps.</summary>
public sealed class SweepProgressBarTests
{
    private static TrainerProgress At(int epoch, int step) =>
        new("sweep", "node", "cpu-0", "run", "label", 1, 1, epoch, 4, step, 10, 100, null);

    [Theory]
    [InlineData(1, 0, "  0%", 0)]
    [InlineData(2, 5, " 38%", 4)] // 4.5 cells round to even
    [InlineData(4, 10, "100%", 12)]
    public void The_bar_fills_with_the_runs_share_done(int epoch, int step, string percent, int filled)
    {
        var bar = SweepProgressDisplay.Bar(At(epoch, step));
        Assert.EndsWith(percent, bar);
        Assert.StartsWith($"[green]{new string('━', filled)}[/][grey]{new string('━', 12 - filled)}[/]", bar);
    }
}

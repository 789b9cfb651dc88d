using GitActors.Models;
using GitActors.Models.Training;

namespace GitActors.TestSupport;

/// <summary>Plans and results small enough to reason about by hand. A run's seed identifies it to the fakes.</summary>
public static class TestRuns
{
    public static RunConfig Config(int seed, int epochs) => new(
        new DataSpec("fmnist-bg-lt"), ModelKind.SimpleCnn, new LossSpec(), TrainRule.None, new AugmentSpec(),
        new ScheduleSpec(Epochs: epochs), new EvalSpec(), seed);

    public static PlannedRun Run(int seed, int epochs = 2) => new($"run-{seed}", $"seed {seed}", Config(seed, epochs));

    public static RunResult Result(int epochs) => new(0.5, 0.6, 0.9, [0.5, 0.5], [10, 1], [], epochs, 1.0);
}

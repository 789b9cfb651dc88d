using System.CommandLine;
using GitActors.Actors.Sweeps;
using GitActors.Host.Commands;
using GitActors.Models.Data.Datasets;
using GitActors.Models.Experiments.Protocol;
using GitActors.Models.Experiments.Sweeps;

namespace GitActors.Host.Tests.Commands;

/// <summary>
/// `gitactors train` and sweep files accept exactly the registry's dataset names (the -tonly variants included), and
/// both reject a name without a recipe with the registry's message. Before the one registry, a sweep rejected
/// fmnist-bg-lt-tonly and accepted fmnist-lt and k49-lt, which no recipe builds.
/// </summary>
public sealed class DatasetNamesTests
{
    public static TheoryData<string> Registered => [.. DatasetRegistry.Names];

    public static TheoryData<string> WithoutRecipe => ["fmnist-lt", "k49-lt", "mnist-lt", "FMNIST-BG-LT"];

    private static string Sweep(string datasets) => $$"""
        sweep {
          name = names
          datasets = [{{datasets}}]
          seeds = [1]
          models = [simplecnn]
          methods = [erm, "ce+drs+git"]
        }
        """;

    // User data needs its files named; the built-in sets are written bare.
    private static string Entry(string name) => DatasetRegistry.Recipe(name) is { BuiltIn: false } recipe
        ? $"{{ name = {name}, format = {recipe.Format.ToString().ToLowerInvariant()}, path = \"/data\" }}"
        : name;

    [Theory]
    [MemberData(nameof(Registered))]
    public void Train_and_a_sweep_accept_every_registered_name(string name)
    {
        var plan = SweepSpecParser.Parse(Sweep(Entry(name)), "names.conf").Expand();
        Assert.All(plan.Runs, run => Assert.Equal(name, run.Config.Data.Dataset));

        // Both take the schedule from the dataset's family.
        var train = TrainCommand.Schedule(name, batchSize: 128, lr: 0.1, epochs: null);
        var sweep = plan.Runs[^1].Config.Schedule;
        Assert.Equal((sweep.Epochs, sweep.WarmupEpochs, sweep.Stage1Epoch, sweep.Stage2Epoch),
            (train.Epochs, train.WarmupEpochs, train.Stage1Epoch, train.Stage2Epoch));
    }

    [Theory]
    [MemberData(nameof(WithoutRecipe))]
    public async Task Train_and_a_sweep_reject_a_name_without_a_recipe_alike(string name)
    {
        var sweepError = Assert.Throws<SweepSpecException>(() => SweepSpecParser.Parse(Sweep(name), "names.conf"));
        var blockError = Assert.Throws<SweepSpecException>(() => SweepSpecParser.Parse(Sweep($"{{ name = {name}, format = npz, path = \"/data\" }}"), "names.conf"));
        var trainError = await Assert.ThrowsAsync<ArgumentException>(() => Train("--dataset", name));

        foreach (var message in new[] { sweepError.Message, blockError.Message, trainError.Message })
            Assert.EndsWith(DatasetRegistry.Unknown(name), message);
        Assert.Equal("sweep.datasets[0]", sweepError.KeyPath);
        Assert.Equal("sweep.datasets[0].name", blockError.KeyPath);
    }

    // The real train verb, in process: the name is resolved before any data is read or any network built.
    private static Task<int> Train(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(TrainCommand.Create());
        return root.Parse(["train", .. args]).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }
}

namespace GitActors.Actors.Sweeps;

/// <summary>Which paper setup a dataset belongs to; it picks the default schedule and GIT cutoff (SPEC 5, 7).</summary>
public enum DatasetFamily { FashionMnist, K49, Cifar10, Cifar100, Gtsrb }

/// <summary>A dataset name users may write. BuiltIn data ships with the machine; the others need a path.</summary>
public sealed record DatasetInfo(string Name, DatasetFamily Family, bool BuiltIn);

/// <summary>The dataset names a sweep may use, and the per-family defaults that follow from them.</summary>
public static class SweepDatasets
{
    private static readonly DatasetInfo[] Known =
    [
        // Built on the Fashion-MNIST files at /usr/share/datasets/fashion-mnist, with K49's Zipf profile and nuisances.
        new("fmnist-lt", DatasetFamily.FashionMnist, BuiltIn: true),
        new("fmnist-bg-lt", DatasetFamily.FashionMnist, BuiltIn: true),
        new("fmnist-rot-lt", DatasetFamily.FashionMnist, BuiltIn: true),
        new("fmnist-dil-lt", DatasetFamily.FashionMnist, BuiltIn: true),
        new("k49-lt", DatasetFamily.K49, BuiltIn: false),
        new("k49-bg-lt", DatasetFamily.K49, BuiltIn: false),
        new("k49-rot-lt", DatasetFamily.K49, BuiltIn: false),
        new("k49-dil-lt", DatasetFamily.K49, BuiltIn: false),
        new("cifar10-lt", DatasetFamily.Cifar10, BuiltIn: false),
        new("cifar100-lt", DatasetFamily.Cifar100, BuiltIn: false),
        new("gtsrb-lt", DatasetFamily.Gtsrb, BuiltIn: false),
    ];

    /// <summary>File formats a user dataset block may name (the data readers' formats).</summary>
    public static IReadOnlyList<string> Formats { get; } = ["idx", "npz", "cifar", "gtsrb"];

    public static IEnumerable<string> Names => Known.Select(d => d.Name);

    public static DatasetInfo? Find(string name) =>
        Known.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal));

    /// <summary>K49 and the Fashion-MNIST variants train 50 epochs; CIFAR and GTSRB 200 (SPEC 5).</summary>
    public static Models.ScheduleSpec DefaultSchedule(DatasetFamily family) => family switch
    {
        DatasetFamily.FashionMnist or DatasetFamily.K49 => Models.ScheduleSpec.K49,
        _ => Models.ScheduleSpec.Cifar,
    };

    /// <summary>MUNIT iterations (SPEC 6): 10,000 for K49 (and the Fashion-MNIST variants built like it), 140,000 for CIFAR/GTSRB.</summary>
    public static int DefaultMunitSteps(DatasetFamily family) => family switch
    {
        DatasetFamily.FashionMnist or DatasetFamily.K49 => 10_000,
        _ => 140_000,
    };

    /// <summary>Image channels of the family's data: grey K49 and Fashion-MNIST, colour CIFAR and GTSRB.</summary>
    public static int ImageChannels(DatasetFamily family) => family switch
    {
        DatasetFamily.FashionMnist or DatasetFamily.K49 => 1,
        _ => 3,
    };

    /// <summary>The paper's GIT class-size cutoff K (SPEC 7); null means every class is augmented.</summary>
    public static int? DefaultGitCutoff(DatasetFamily family) => family switch
    {
        DatasetFamily.Gtsrb => 25,
        DatasetFamily.Cifar10 => 500,
        DatasetFamily.Cifar100 => 100,
        _ => null,
    };
}

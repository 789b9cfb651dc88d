namespace GitActors.Models.Data.Datasets;

/// <summary>Which paper setup a dataset belongs to; it picks the defaults below (SPEC 5-7).</summary>
public enum DatasetFamily { FashionMnist, K49, Cifar10, Cifar100, Gtsrb }

/// <summary>The paper's per-family defaults, the one place a dataset's family turns into numbers.</summary>
public static class DatasetFamilyDefaults
{
    /// <summary>K49 and the Fashion-MNIST variants train 50/30/40 (ScheduleSpec.K49); CIFAR and GTSRB 200/160/180.</summary>
    public static ScheduleSpec Schedule(this DatasetFamily family) => family switch
    {
        DatasetFamily.FashionMnist or DatasetFamily.K49 => ScheduleSpec.K49,
        _ => ScheduleSpec.Cifar,
    };

    /// <summary>MUNIT iterations (SPEC 6): 10,000 for K49 (and the Fashion-MNIST variants built like it), 140,000 for CIFAR/GTSRB.</summary>
    public static int MunitSteps(this DatasetFamily family) => family switch
    {
        DatasetFamily.FashionMnist or DatasetFamily.K49 => 10_000,
        _ => 140_000,
    };

    /// <summary>Image channels of the family's data: grey K49 and Fashion-MNIST, colour CIFAR and GTSRB.</summary>
    public static int ImageChannels(this DatasetFamily family) => family switch
    {
        DatasetFamily.FashionMnist or DatasetFamily.K49 => 1,
        _ => 3,
    };

    /// <summary>The paper's GIT class-size cutoff K (SPEC 7); null means every class is augmented.</summary>
    public static int? GitCutoff(this DatasetFamily family) => family switch
    {
        DatasetFamily.Gtsrb => 25,
        DatasetFamily.Cifar10 => 500,
        DatasetFamily.Cifar100 => 100,
        _ => null,
    };
}

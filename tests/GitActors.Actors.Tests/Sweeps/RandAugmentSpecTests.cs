namespace GitActors.Actors.Tests.Sweeps;

/// <summary>`+randaugment` methods and the `randaugment { ops, magnitude }` block.</summary>
public sealed class RandAugmentSpecTests
{
    private static SweepPlan Plan(string dataset, string extra = "") => SweepSpecParser.Parse($$"""
        sweep {
          name = ra
          datasets = [{ name = {{dataset}}, format = cifar, path = /data }]
          seeds = [1]
          models = [resnet32]
          methods = ["ce+drs", "ce+drs+randaugment"]
          {{extra}}
        }
        """, "ra.conf").Expand();

    [Fact]
    public void A_randaugment_method_gets_the_published_setting_of_its_dataset_and_no_munit_job()
    {
        var cifar10 = Plan("cifar10-lt");
        var cifar100 = Plan("cifar100-lt");

        Assert.Equal(2, cifar10.Runs.Count);
        var augment = cifar10.Runs[1].Config.Augment;
        Assert.Equal((AugmentKind.RandAugment, 3, 4), (augment.Kind, augment.RandAugmentOps!.Value, augment.RandAugmentMagnitude!.Value));
        Assert.Null(cifar10.Runs[1].MunitJob);
        Assert.Equal((1, 2), (cifar100.Runs[1].Config.Augment.RandAugmentOps!.Value, cifar100.Runs[1].Config.Augment.RandAugmentMagnitude!.Value));
        Assert.Equal("ce+drs+randaugment", ConfigNames.MethodName(LossKind.CrossEntropy, TrainRule.Drs, AugmentKind.RandAugment));
        // The block leaves other runs' ids alone.
        Assert.Equal(cifar10.Runs[0].RunId, Plan("cifar10-lt", "randaugment { ops = 2, magnitude = 9 }").Runs[0].RunId);
    }

    [Fact]
    public void The_block_overrides_the_published_setting_and_bad_values_name_their_key()
    {
        var runs = Plan("cifar10-lt", "randaugment { ops = 2, magnitude = 9 }").Runs;
        Assert.Equal((2, 9), (runs[1].Config.Augment.RandAugmentOps!.Value, runs[1].Config.Augment.RandAugmentMagnitude!.Value));
        Assert.NotEqual(Plan("cifar10-lt").Runs[1].RunId, runs[1].RunId);

        var error = Assert.Throws<SweepSpecException>(() => Plan("cifar10-lt", "randaugment { magnitude = 31 }"));
        Assert.Contains("randaugment.magnitude", error.Message);
    }
}

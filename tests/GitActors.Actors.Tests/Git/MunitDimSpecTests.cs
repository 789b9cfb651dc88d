using GitActors.Actors.Journal;
using GitActors.Actors.Sweeps;

namespace GitActors.Actors.Tests.Git;

/// <summary>`munit { dim }`: the MUNIT job's base width, in its run id only when it is not the paper's 64.</summary>
public sealed class MunitDimSpecTests
{
    private static PlannedRun Job(string munit) => SweepSpec.Parse($$"""
        sweep {
          name = g
          datasets = [fmnist-bg-lt]
          seeds = [1]
          models = [simplecnn]
          methods = ["ce+drs+git"]
          munit { steps = 600, checkpoint-every = 200 {{munit}} }
        }
        """, "g.conf").Expand().Runs[0];

    [Fact]
    public void A_smaller_width_builds_both_networks_at_that_width_for_grey_images_under_its_own_run_id()
    {
        var paper = Job("");
        var small = Job(", dim = 8");

        Assert.Equal(paper.RunId, Job(", dim = 64").RunId);
        Assert.NotEqual(paper.RunId, small.RunId);
        Assert.Null(paper.Config.Munit!.Generator);
        Assert.Equal((1, 8), (small.Config.Munit!.Generator!.InputChannels, small.Config.Munit!.Generator.Dim));
        Assert.Equal((1, 8), (small.Config.Munit!.Discriminator!.InputChannels, small.Config.Munit!.Discriminator.Dim));
    }

    [Fact]
    public void A_width_below_one_names_the_key()
    {
        var error = Assert.Throws<SweepSpecException>(() => Job(", dim = 0"));
        Assert.Contains("munit.dim", error.Message);
    }
}

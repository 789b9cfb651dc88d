using GitActors.Actors.Journal;
using GitActors.Actors.Sweeps;
using GitActors.Models.Training.Munit;

namespace GitActors.Actors.Tests.Git;

/// <summary>
/// `munit { dim, translation }`: the MUNIT job's base width, in its run id only when it is not the paper's 64; and the
/// trained networks its generator file keeps as T~.
/// </summary>
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
    public void The_translation_defaults_to_the_papers_a_to_b_and_the_reference_codes_choice_has_its_own_run_id()
    {
        var paper = Job("");
        var reference = Job(", translation = same-generator");

        Assert.Equal(MunitTranslation.AToB, paper.Config.Munit!.Translation);
        Assert.Equal(paper.RunId, Job(", translation = a-to-b").RunId);
        Assert.Equal(MunitTranslation.SameGenerator, reference.Config.Munit!.Translation);
        Assert.NotEqual(paper.RunId, reference.RunId);
    }

    [Fact]
    public void An_unknown_translation_names_the_key_and_the_choices()
    {
        var error = Assert.Throws<SweepSpecException>(() => Job(", translation = b-to-a"));
        Assert.Contains("munit.translation", error.Message);
        Assert.Contains("a-to-b", error.Message);
        Assert.Contains("same-generator", error.Message);
    }

    [Fact]
    public void A_width_below_one_names_the_key()
    {
        var error = Assert.Throws<SweepSpecException>(() => Job(", dim = 0"));
        Assert.Contains("munit.dim", error.Message);
    }
}

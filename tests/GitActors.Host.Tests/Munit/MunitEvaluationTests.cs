using GitActors.Host.Munit;
using GitActors.Models.Training.Munit;
using static TorchSharp.torch;

namespace GitActors.Host.Tests.Munit;

public sealed class MunitEvaluationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gitactors-munit-eval-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Content_figures_add_up_per_class_and_an_untrained_translator_keeps_less_than_the_judge_gets_right()
    {
        var data = TinyBars.LongTailed(ordering: 1);
        using var sampler = MunitSampler.Load(TinyBars.Generator(_folder));
        var options = new MunitEvaluation.Options(ClassifierEpochs: 3, ContentImages: 40, ContentStyles: 2,
            NuisanceImages: 8, NuisanceStyles: 3, Seed: 5, BatchSize: 16);

        var result = MunitEvaluation.Run(sampler, data, TinyBars.Images(60, 3), options, CPU);

        Assert.Equal("a-to-b", result.Translation);
        Assert.Equal(40, result.ContentImages);
        Assert.Equal(result.ContentImages, result.Classes.Sum(c => c.Images));
        Assert.Equal(result.ContentKept, result.Classes.Sum(c => c.Images * c.ContentKept) / result.ContentImages, 1e-9);
        Assert.Equal(result.ClassifierTestAccuracy, result.Classes.Sum(c => c.Images * c.Accuracy) / result.ContentImages, 1e-9);
        // Bars on four rows are easy for the judge; a randomly initialised translator does not keep them.
        Assert.True(result.ClassifierTestAccuracy > 0.9, $"judge accuracy {result.ClassifierTestAccuracy}");
        Assert.True(result.ContentKept < result.ClassifierTestAccuracy - 0.2, $"content kept {result.ContentKept}");
        Assert.InRange(result.ReconstructionKept, 0, 1);
        Assert.Equal(result.TrueTransformAccuracy, result.Classes.Sum(c => c.Images * c.TrueTransformAccuracy) / result.ContentImages, 1e-9);
        Assert.Equal(result.ReconstructionKept, result.Classes.Sum(c => c.Images * c.ReconstructionKept) / result.ContentImages, 1e-9);
        Assert.Equal(result.ContentKept / result.TrueTransformAccuracy, result.RelativeContentKept, 1e-12);
        Assert.All(result.Classes, c => Assert.Equal(c.ContentKept / c.TrueTransformAccuracy, c.RelativeContentKept, 1e-12));
        Assert.True(result.NuisanceSpread > 0);
        // BG's true draws fill the background with b ~ U{0..99}: per image the std of 3 draws, averaged over 8 images,
        // scatters around sqrt((100^2 - 1) / 12) = 28.87 grey levels.
        Assert.InRange(result.TrueNuisanceSpread, 10, 45);
    }

    [Fact]
    public void A_judge_cache_keeps_the_trained_judge_and_a_second_evaluation_reads_it()
    {
        var data = TinyBars.LongTailed(ordering: 1);
        using var sampler = MunitSampler.Load(TinyBars.Generator(_folder));
        var cache = Path.Combine(_folder, "judges");
        var options = new MunitEvaluation.Options(ClassifierEpochs: 1, ContentImages: 16, ContentStyles: 1,
            NuisanceImages: 2, NuisanceStyles: 2, Seed: 5, BatchSize: 16, JudgeCache: cache);

        var first = MunitEvaluation.Run(sampler, data, TinyBars.Images(60, 3), options, CPU);
        var file = Assert.Single(Directory.GetFiles(cache));
        Assert.Equal(first.ClassifierTestAccuracy, MunitEvaluation.Run(sampler, data, TinyBars.Images(60, 3), options, CPU).ClassifierTestAccuracy);

        // The second evaluation reads the file rather than training: a damaged file is an error that names it.
        File.WriteAllBytes(file, [1, 2, 3]);
        var error = Assert.ThrowsAny<Exception>(() => MunitEvaluation.Run(sampler, data, TinyBars.Images(60, 3), options, CPU));
        Assert.Contains(file, error.Message);
    }
}

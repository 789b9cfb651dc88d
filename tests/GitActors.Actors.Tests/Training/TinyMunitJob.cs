using GitActors.Models.Networks.Munit;

namespace GitActors.Actors.Tests.Training;

/// <summary>The end-to-end tests' MUNIT job: base width 8, one residual block, blocks of 2 steps.</summary>
internal static class TinyMunitJob
{
    public static RunConfig Config(DataSpec data, int seed, int steps) => RunConfig.ForMunitJob(data, seed, new MunitJobSpec(steps, 2,
        new MunitHyperParameters(), new MunitGeneratorOptions(1, Dim: 8, MlpDim: 16, ResBlocks: 1), new MunitDiscriminatorOptions(1, Dim: 8, Layers: 2)));
}

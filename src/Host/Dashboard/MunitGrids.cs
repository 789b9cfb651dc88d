using System.Collections.Concurrent;
using GitActors.Host.Munit;
using GitActors.Models.Training.Munit;

namespace GitActors.Host.Dashboard;

/// <summary>One MUNIT job's generator as a figure of the sweep page: the `munit sample` grid (the paper's Figure 2).</summary>
internal sealed record MunitGridFigure(string FileName, string Title, GeneratorRecorded Generator);

/// <summary>
/// The sample grids of a sweep's recorded generators (GeneratorRecorded events whose file this machine can read),
/// drawn by the same code as `gitactors munit sample` with its defaults (8 styles, seed 1), once per generator hash.
/// </summary>
internal sealed class MunitGrids(Func<DataSpec, DatasetBundle> load)
{
    public const int Styles = 8;
    public const int Seed = 1;

    private readonly ConcurrentDictionary<string, Lazy<byte[]>> _rendered = new(StringComparer.Ordinal);

    public static IReadOnlyList<MunitGridFigure> Of(IEnumerable<ISweepEvent> events) => events
        .OfType<GeneratorRecorded>()
        .GroupBy(g => (g.Data.Dataset, g.Data.Ordering))
        .Select(g => g.Last())
        .Where(g => File.Exists(g.Path))
        .Select(g => new MunitGridFigure($"munit-{SafeFileName.Of(g.Data.Dataset)}-o{g.Data.Ordering}.png",
            $"{g.Data.Dataset} ordering {g.Data.Ordering}: MUNIT samples (input, then {Styles} styles)", g))
        .ToList();

    public byte[] Png(MunitGridFigure figure) =>
        _rendered.GetOrAdd(figure.Generator.Sha256, _ => new Lazy<byte[]>(() => Render(figure.Generator))).Value;

    private byte[] Render(GeneratorRecorded generator)
    {
        var data = load(generator.Data);
        using var sampler = MunitSampler.Load(generator.Path);
        var tiles = MunitSampleGrid.Tiles(sampler, data, Styles, Seed);
        var file = Path.Combine(Path.GetTempPath(), $"gitactors-munit-grid-{Guid.NewGuid():N}.png");
        try
        {
            MunitSampleGrid.WritePng(tiles, data.Shape, file);
            return File.ReadAllBytes(file);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

using GitActors.Models.Training;

namespace GitActors.Host.Output;

/// <summary>
/// A run's per-class results, largest training class first: class, training size, test accuracy, and per nuisance
/// transform the eKLD and argmax agreement. What `train` prints and the dashboard's run page shows.
/// </summary>
internal sealed record PerClassTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public static PerClassTable Of(RunResult result)
    {
        var header = new List<string> { "class", "train size", "test accuracy" };
        foreach (var report in result.Ekld)
        {
            header.Add($"eKLD ({report.Transform})");
            header.Add("argmax agrees");
        }
        var order = Enumerable.Range(0, result.TrainClassCounts.Length).OrderByDescending(c => result.TrainClassCounts[c]).ThenBy(c => c);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var c in order)
        {
            var cells = new List<string> { c.ToString(), result.TrainClassCounts[c].ToString(), $"{result.PerClassAccuracy[c]:P1}" };
            foreach (var report in result.Ekld)
            {
                cells.Add($"{report.PerClassEkld[c]:F4}");
                cells.Add($"{report.PerClassArgmaxAgreement[c]:P1}");
            }
            rows.Add(cells);
        }
        return new PerClassTable(header, rows);
    }
}

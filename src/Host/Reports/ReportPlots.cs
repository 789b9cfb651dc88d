using System.Globalization;
using GitActors.Actors.Reports;
using ScottPlot;
using ScottPlot.Plottables;

namespace GitActors.Host.Reports;

/// <summary>
/// Renders a <see cref="SweepReport"/> as PNG files: per-class eKLD and test accuracy against training class size on a
/// log axis, one line per method with its shaded 95% CI over runs (paper Fig. 1/6), and training curves per dataset.
/// A method keeps its colour in every figure.
/// </summary>
internal static class ReportPlots
{
    public const int Width = 960;
    public const int Height = 640;

    /// <summary>Writes every figure into the folder (created if missing) and returns the files written, in order.</summary>
    public static IReadOnlyList<string> WriteAll(SweepReport report, string folder)
    {
        Directory.CreateDirectory(folder);
        var colours = MethodColours(report);
        var files = new List<string>();
        foreach (var figure in report.Ekld)
        {
            var path = Path.Combine(folder, $"ekld-{FileSafe(figure.Dataset)}-{FileSafe(figure.Transform ?? "")}.png");
            ClassSizePlot(figure, colours, $"{figure.Dataset}: per-class eKLD ({figure.Transform})", "eKLD (lower is more invariant)", 1.0).SavePng(path, Width, Height);
            files.Add(path);
        }
        foreach (var figure in report.Accuracy)
        {
            var path = Path.Combine(folder, $"accuracy-{FileSafe(figure.Dataset)}.png");
            ClassSizePlot(figure, colours, $"{figure.Dataset}: per-class test accuracy", "test accuracy (%)", 100.0).SavePng(path, Width, Height);
            files.Add(path);
        }
        foreach (var dataset in report.Training.GroupBy(c => c.Dataset, StringComparer.Ordinal))
        {
            var path = Path.Combine(folder, $"training-{FileSafe(dataset.Key)}.png");
            TrainingPlot(dataset.Key, dataset.ToList(), colours).SavePng(path, Width, Height);
            files.Add(path);
        }
        return files;
    }

    /// <summary>Class size on a log10 axis (ScottPlot plots log10 values with power-of-ten labels).</summary>
    internal static Plot ClassSizePlot(ClassSizeFigure figure, IReadOnlyDictionary<string, Color> colours, string title, string yLabel, double scale)
    {
        var plot = new Plot();
        foreach (var series in figure.Series.Where(s => s.Points.Count > 0))
        {
            var colour = colours.GetValueOrDefault(series.Method, Colors.Black);
            var xs = series.Points.Select(p => Math.Log10(p.ClassSize)).ToArray();
            var mean = series.Points.Select(p => p.Value.Mean * scale).ToArray();
            // One run has no spread (NaN bounds): draw the band only where every point has one.
            if (series.Points.All(p => double.IsFinite(p.Value.Lower) && double.IsFinite(p.Value.Upper)))
            {
                var band = plot.Add.FillY(xs, series.Points.Select(p => p.Value.Lower * scale).ToArray(), series.Points.Select(p => p.Value.Upper * scale).ToArray());
                band.FillColor = colour.WithAlpha(0.2);
                band.LineWidth = 0;
            }
            var line = plot.Add.Scatter(xs, mean, colour);
            line.LineWidth = 2;
            line.MarkerSize = 4;
            line.LegendText = $"{series.Method} (n={series.Runs})";
        }
        plot.Axes.Bottom.TickGenerator = LogTicks();
        plot.Title(title);
        plot.XLabel("training class size (log scale)");
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    internal static Plot TrainingPlot(string dataset, IReadOnlyList<TrainingCurve> curves, IReadOnlyDictionary<string, Color> colours)
    {
        var plot = new Plot();
        var labelled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var curve in curves)
        {
            var line = plot.Add.Scatter(
                curve.Epochs.Select(e => (double)e.Epoch).ToArray(),
                curve.Epochs.Select(e => e.BalancedAccuracy * 100).ToArray(),
                colours.GetValueOrDefault(curve.Method, Colors.Black).WithAlpha(0.8));
            line.LineWidth = 1.5f;
            line.MarkerSize = 0;
            // One legend entry per method, not per run.
            if (labelled.Add(curve.Method)) line.LegendText = $"{curve.Method} ({curves.Count(c => c.Method == curve.Method)} runs)";
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Title($"{dataset}: balanced accuracy per epoch");
        plot.XLabel("epoch");
        plot.YLabel("balanced accuracy (%)");
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>Colours in results-table row order, so the same method is the same colour everywhere.</summary>
    internal static IReadOnlyDictionary<string, Color> MethodColours(SweepReport report)
    {
        var palette = new ScottPlot.Palettes.Category10();
        var methods = report.Table.Rows.Select(r => r.Method)
            .Concat(report.Training.Select(c => c.Method))
            .Distinct(StringComparer.Ordinal);
        return methods.Select((m, i) => (m, palette.GetColor(i))).ToDictionary(p => p.m, p => p.Item2, StringComparer.Ordinal);
    }

    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = x => Math.Pow(10, x).ToString("N0", CultureInfo.InvariantCulture),
    };

    private static string FileSafe(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}

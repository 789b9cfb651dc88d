using System.Globalization;
using GitActors.Models.Experiments.Reports;
using ScottPlot;
using ScottPlot.Plottables;

namespace GitActors.Host.Reports;

/// <summary>One figure of a report; FileName is its name under the plots folder and in the dashboard's figure URLs.</summary>
internal sealed record ReportFigure(string FileName, string Title, Func<Plot> Render);

/// <summary>
/// Renders a <see cref="SweepReport"/> as PNG figures (files for `report`, bytes for the dashboard): per-class eKLD and
/// test accuracy against training class size on a log axis, one line per method with its shaded 95% CI over runs
/// (paper Fig. 1/6), and training curves per dataset. A method keeps its colour in every figure.
/// </summary>
internal static class ReportPlots
{
    public const int Width = 960;
    public const int Height = 640;

    /// <summary>Every figure of the report, in order: eKLD by class size, accuracy by class size, training curves.</summary>
    public static IReadOnlyList<ReportFigure> Figures(SweepReport report)
    {
        var colours = MethodColours(report);
        var figures = new List<ReportFigure>();
        foreach (var figure in report.Ekld)
            figures.Add(new ReportFigure($"ekld-{SafeFileName.Of(figure.Dataset)}-{SafeFileName.Of(figure.Transform ?? "")}.png",
                $"{figure.Dataset}: per-class eKLD ({figure.Transform})",
                () => ClassSizePlot(figure, colours, $"{figure.Dataset}: per-class eKLD ({figure.Transform})", "eKLD (lower is more invariant)", 1.0)));
        foreach (var figure in report.Accuracy)
            figures.Add(new ReportFigure($"accuracy-{SafeFileName.Of(figure.Dataset)}.png", $"{figure.Dataset}: per-class test accuracy",
                () => ClassSizePlot(figure, colours, $"{figure.Dataset}: per-class test accuracy", "test accuracy (%)", 100.0)));
        foreach (var dataset in report.Training.GroupBy(c => c.Dataset, StringComparer.Ordinal))
        {
            var curves = dataset.ToList();
            figures.Add(new ReportFigure($"training-{SafeFileName.Of(dataset.Key)}.png", $"{dataset.Key}: balanced accuracy per epoch",
                () => TrainingPlot(dataset.Key, curves, colours)));
        }
        return figures;
    }

    /// <summary>Writes every figure into the folder (created if missing) and returns the files written, in order.</summary>
    public static IReadOnlyList<string> WriteAll(SweepReport report, string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        foreach (var figure in Figures(report))
        {
            var path = Path.Combine(folder, figure.FileName);
            figure.Render().SavePng(path, Width, Height);
            files.Add(path);
        }
        return files;
    }

    /// <summary>The figure as PNG bytes (what the dashboard serves).</summary>
    public static byte[] Png(ReportFigure figure) => figure.Render().GetImageBytes(Width, Height, ImageFormat.Png);

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
}

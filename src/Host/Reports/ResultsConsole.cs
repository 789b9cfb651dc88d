using System.Globalization;
using GitActors.Models.Experiments.Reports;
using GitActors.Models.Metrics;
using Spectre.Console;

namespace GitActors.Host.Reports;

/// <summary>Which spread a results cell shows after the ±.</summary>
internal enum Spread { StandardError, Confidence95 }

/// <summary>One results table of a report: its title and how its metric is read from a cell and printed.</summary>
internal sealed record ResultMetric(string Title, Func<ResultCell, MeanInterval?> Value, double Scale, string Format);

/// <summary>
/// The human view of a report: the paper-style tables for balanced accuracy, top-1 and mean eKLD, on the terminal
/// here and in the dashboard (which formats its cells with <see cref="Cell"/> and <see cref="Caption"/> too).
/// </summary>
internal static class ResultsConsole
{
    /// <summary>The tables a report shows, in order; mean eKLD only when some run measured it.</summary>
    public static IReadOnlyList<ResultMetric> Metrics(ResultsTable results)
    {
        var metrics = new List<ResultMetric>
        {
            new("balanced test accuracy (%)", c => c.BalancedAccuracy, 100, "F2"),
            new("top-1 test accuracy (%)", c => c.Top1, 100, "F2"),
        };
        if (results.Rows.Any(r => r.Cells.Any(c => c?.MeanEkld is not null)))
            metrics.Add(new("mean eKLD (lower = more invariant)", c => c.MeanEkld, 1, "F4"));
        return metrics;
    }

    public static void Write(IAnsiConsole console, SweepReport report, Spread spread)
    {
        console.MarkupLine($"[bold]{Markup.Escape(report.Name)}[/] ({report.SweepId}): {report.Runs} runs, {report.Completed} completed, {report.Failed} failed" +
                           (report.Jobs.Count > 0 ? $"; {report.Jobs.Count} GIT jobs" : ""));
        if (report.Jobs.Count > 0) console.Write(JobsTable(report.Jobs));
        if (report.Table.Rows.Count == 0)
        {
            console.MarkupLine("no runs with a known config in this sweep");
            return;
        }
        foreach (var metric in Metrics(report.Table))
            console.Write(Table(report.Table, metric.Title, metric.Value, metric.Scale, metric.Format, spread));
        console.MarkupLine(Markup.Escape(Caption(report.Table, spread)));
    }

    /// <summary>MUNIT and bank jobs: not rows of the results (they evaluate no classifier), but what they made.</summary>
    public static Table JobsTable(IReadOnlyList<RunSummary> jobs)
    {
        var table = new Table { Title = new TableTitle("GIT jobs") }.AddColumns("job", "state", "attempts", "iterations / blocks", "last loss", "artifact SHA-256");
        foreach (var job in jobs)
            table.AddRow(Markup.Escape(job.Label), job.State.ToString().ToLowerInvariant(), $"{job.Attempts}",
                job.JobIterations is { } its ? $"{its:N0} iterations" : $"{job.LastEpoch} blocks",
                job.LastTrainLoss is { } loss ? loss.ToString("F3") : "", job.ArtifactSha256 ?? "");
        return table;
    }

    public static Table Table(ResultsTable results, string title, Func<ResultCell, MeanInterval?> metric, double scale, string format, Spread spread)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) }.AddColumn("method");
        foreach (var dataset in results.Datasets) table.AddColumn(new TableColumn(Markup.Escape(dataset)).RightAligned());
        foreach (var row in results.Rows)
            table.AddRow([Markup.Escape(row.Method), .. row.Cells.Select(c => Markup.Escape(Cell(c, metric, scale, format, spread)))]);
        return table;
    }

    /// <summary>"48.21 ± 0.35 (3)": mean ± spread (completed runs); "(2/3, 1 failed)" while a cell is incomplete.</summary>
    public static string Cell(ResultCell? cell, Func<ResultCell, MeanInterval?> metric, double scale, string format, Spread spread)
    {
        if (cell is null) return "-";
        var runs = cell.Completed == cell.Planned ? $"{cell.Completed}" : $"{cell.Completed}/{cell.Planned}";
        if (cell.Failed > 0) runs += $", {cell.Failed} failed";
        if (metric(cell) is not { } value) return $"({runs})";
        var text = (value.Mean * scale).ToString(format, CultureInfo.InvariantCulture);
        var width = spread == Spread.StandardError ? value.StandardError : (value.Upper - value.Lower) / 2;
        if (double.IsFinite(width)) text += " ± " + (width * scale).ToString(format, CultureInfo.InvariantCulture);
        return $"{text} ({runs})";
    }

    /// <summary>States what the ± is and what was pooled, as the paper's table captions do.</summary>
    public static string Caption(ResultsTable results, Spread spread)
    {
        var cells = results.Rows.SelectMany(r => r.Cells).OfType<ResultCell>().Where(c => c.Completed > 0).ToList();
        var what = spread == Spread.StandardError ? "mean ± standard error of the mean" : "mean ± half-width of the 95% Student-t interval";
        var pooled = cells.Select(c => (c.Seeds, c.Orderings)).Distinct().ToList() is [var only]
            ? $"{only.Seeds} seed{(only.Seeds == 1 ? "" : "s")} x {only.Orderings} class ordering{(only.Orderings == 1 ? "" : "s")} per cell"
            : "seeds and class orderings vary by cell";
        return $"{what} over completed runs, pooled over seeds and class orderings ({pooled}); (n) = completed runs; " +
               "mean eKLD = class-averaged eKLD under the data's true nuisance (under the learned T~ where the data has none).";
    }
}

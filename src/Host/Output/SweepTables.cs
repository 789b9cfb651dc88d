using GitActors.Host.Sweeps;
using Spectre.Console;

namespace GitActors.Host.Output;

/// <summary>The tables of `sweep status` and the end of `sweep run`: one row per run, in plan order.</summary>
internal static class SweepTables
{
    public static void WriteSummary(IAnsiConsole console, SweepReport report)
    {
        var table = new Table().AddColumns("run", "method", "seed", "state", "balanced acc.", "top-1", "mean eKLD");
        foreach (var run in report.Runs)
            table.AddRow(Markup.Escape(run.Label), Markup.Escape(run.Method ?? "?"), run.Seed?.ToString() ?? "?", State(run),
                Percent(run.BalancedAccuracy), Percent(run.Top1), run.MeanEkld is { } e ? $"{e:F4}" : "");
        console.Write(table);
        console.MarkupLine($"sweep {report.SweepId}: {report.Completed} completed, {report.Failed} failed of {report.Runs.Count} runs");
    }

    public static void WriteStatus(IAnsiConsole console, SweepReport report)
    {
        console.MarkupLine($"sweep [bold]{Markup.Escape(report.Name)}[/] {report.SweepId}: started {report.StartedAt:u}" +
                           (report.CompletedAt is { } done ? $", completed {done:u}" : ", not finished"));
        var table = new Table().AddColumns("run id", "run", "state", "epoch", "attempts", "best bal. acc.", "balanced acc.", "top-1", "mean eKLD", "last error");
        foreach (var run in report.Runs)
            table.AddRow(run.RunId, Markup.Escape(run.Label), State(run), $"{run.Epoch}/{run.TotalEpochs?.ToString() ?? "?"}", run.Attempts.ToString(),
                Percent(run.BestBalancedAccuracy), Percent(run.BalancedAccuracy), Percent(run.Top1),
                run.MeanEkld is { } e ? $"{e:F4}" : "", Markup.Escape(run.LastError ?? ""));
        console.Write(table);
    }

    private static string State(RunReport run) => run.State.ToString().ToLowerInvariant();

    private static string Percent(double? value) => value is { } v ? $"{v * 100:F2}%" : "";
}

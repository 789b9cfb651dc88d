using GitActors.Actors.Hosting;
using GitActors.Actors.Journal.Locking;
using GitActors.Actors.Sweeps;
using GitActors.Actors.Training;
using GitActors.Host.Hosting;
using GitActors.Host.TensorBoard;
using Spectre.Console;

namespace GitActors.Host.Sweeps;

/// <summary>
/// What `sweep run`, `sweep resume` and `sweep retry-failed` share once they have a plan: check the journal file, take
/// the journal's writer lock (refused, exit 3, while another process writes it), load the data, prepare the journal,
/// queue the failed runs again (retry-failed), run the sweep with live progress, write each classifier run's TensorBoard files under
/// &lt;out&gt;/tensorboard/&lt;sweep-id&gt; from the journal, and print the summary (or the status as JSON). Everything that can be
/// checked without writing (journal header, engine config, data sets) is checked before the journal is opened for writing.
/// Exit code 0 when every run completed, 1 when some failed for good. Fault points (a test seam) go to the engine.
/// </summary>
internal sealed class SweepLaunch(string output, JournalSettings journal, EngineOverrides overrides, bool json, IFaultPoints faults,
    int? dashboardPort = null, bool retryFailed = false)
{
    public async Task<int> RunAsync(SweepPlan plan, string specPath, string specText, CancellationToken cancel)
    {
        var outputRoot = Path.GetFullPath(output);
        if (journal.IsSqlite) JournalFile.Validate(journal.SqliteFile!);
        var engineConfig = overrides.Build();
        // Before the data is loaded, so a second process on the same journal is refused at once; held to the end.
        await using var writer = await JournalWriterLock.AcquireAsync(journal, plan.SweepId, cancel);
        // With --json stdout carries only the final JSON: progress, Akka's log and test markers go to stderr meanwhile.
        var stdout = Console.Out;
        if (json) Console.SetOut(Console.Error);
        SweepReport? report;
        try
        {
            var terminal = json ? !Console.IsErrorRedirected : !Console.IsOutputRedirected;
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
            // Redirected output (logs, CI) is read by programs: keep each line whole instead of wrapping at 80 columns.
            if (!terminal) console.Profile.Width = 240;
            console.MarkupLine($"sweep [bold]{Markup.Escape(plan.Name)}[/] {plan.SweepId}: {plan.Runs.Count} runs, output {Markup.Escape(outputRoot)}");
            var data = SweepData.Preload(plan, specPath);
            if (journal.IsSqlite) JournalFile.PrepareForWriting(journal.SqliteFile!);
            Directory.CreateDirectory(outputRoot);
            var factory = new ClassifierWorkloadFactory(data);
            var options = new SweepRunOptions(outputRoot, JournalConfig.Build(journal), engineConfig, specPath, specText, Faults: faults,
                RetryFailed: retryFailed, Retried: retried => console.MarkupLine(Markup.Escape(RetriedLine(retried))));
            var display = new SweepProgressDisplay(console, terminal);
            try
            {
                await display.ShowAsync(progress => SweepHost.RunAsync(dashboardPort, plan, factory, options, journal, progress,
                    line => console.MarkupLine(Markup.Escape(line)), cancel));
            }
            catch (OperationCanceledException)
            {
                console.MarkupLine($"stopped; the journal is intact. Continue with: gitactors sweep resume {plan.SweepId} --out {Markup.Escape(output)}");
                throw;
            }
            var events = (await SweepQueries.ReadAsync(journal, reader => SweepQueries.SweepEventsAsync(reader, plan.SweepId, cancel)))
                .Select(e => e.Event).ToList();
            if (events.Count == 0) throw new InvalidOperationException($"sweep {plan.SweepId} finished but its journal has no events");
            report = SweepQueries.Status(plan.SweepId, events);
            // Every classifier run's TensorBoard files, from the journal (the same writer as `report --tensorboard`).
            var boards = TensorBoardExport.Write(Path.Combine(outputRoot, "tensorboard"), plan.SweepId, events);
            if (boards.Count > 0) console.MarkupLine($"TensorBoard: tensorboard --logdir {Markup.Escape(Path.Combine(outputRoot, "tensorboard", plan.SweepId))}");
            if (!json) SweepTables.WriteSummary(console, report);
        }
        finally
        {
            Console.SetOut(stdout);
        }
        if (json) JsonOutput.Write(report);
        return report.Failed > 0 ? 1 : 0;
    }

    private static string RetriedLine(FailedRunsRequeued retried) => retried.RunIds.Count == 0
        ? $"sweep {retried.SweepId}: no run has failed for good; nothing to retry"
        : $"retrying {retried.RunIds.Count} failed run(s) with a fresh attempt budget: {string.Join(", ", retried.Labels)}";
}

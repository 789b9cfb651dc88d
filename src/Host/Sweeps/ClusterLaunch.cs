using GitActors.Actors.Cluster;
using GitActors.Actors.Sweeps;
using Spectre.Console;

namespace GitActors.Host.Sweeps;

/// <summary>
/// `sweep run|resume --cluster SEED`: submit the plan to a running cluster's coordinator (this process joins as a
/// member without roles, so it hosts nothing and does not vote) and follow it with the single-node live display until it
/// finishes. With the cluster's journal given (--journal-provider postgres --journal-connection ...) the summary table is read
/// from it; otherwise the coordinator's final status is summarised. Exit code 0 when every run completed, 1 otherwise.
/// </summary>
internal sealed class ClusterLaunch(IReadOnlyList<string> seeds, string clientHost, ClusterTls tls, JournalSettings? journal, bool json)
{
    public async Task<int> RunAsync(SweepPlan plan, string specPath, string specText, CancellationToken cancel)
    {
        if (seeds.Count == 0) throw new ArgumentException("--cluster needs a seed node address akka.tcp://gitactors@HOST:PORT (akka.ssl.tcp:// with TLS)");
        var client = ClusterSettings.Client(seeds, clientHost) with { Tls = tls };
        client.ToHocon(); // checks the seed addresses before anything starts
        tls.Check(); // and the TLS files
        var stdout = Console.Out;
        if (json) Console.SetOut(Console.Error);
        object result;
        int failed;
        try
        {
            var terminal = json ? !Console.IsErrorRedirected : !Console.IsOutputRedirected;
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
            if (!terminal) console.Profile.Width = 240;
            console.MarkupLine($"sweep [bold]{Markup.Escape(plan.Name)}[/] {plan.SweepId}: {plan.Runs.Count} runs, submitted to the cluster via {Markup.Escape(string.Join(", ", seeds))}");
            var display = new SweepProgressDisplay(console, terminal);
            SweepStatus status;
            try
            {
                status = await display.ShowAsync(progress => ClusterSweepClient.RunAsync(client, plan, specPath, specText, progress, cancellationToken: cancel));
            }
            catch (OperationCanceledException)
            {
                console.MarkupLine($"stopped following; the sweep goes on in the cluster. Look at it with: gitactors sweep status {plan.SweepId} --journal-provider postgres --journal-connection ...");
                throw;
            }
            if (journal is not null && await SweepReport.ReadAsync(journal, plan.SweepId, cancel) is { } summary)
            {
                var report = SweepReport.From(summary);
                if (!json) SweepTables.WriteSummary(console, report);
                (result, failed) = (report, report.Failed);
            }
            else
            {
                failed = status.Count(RunPhase.Failed);
                console.MarkupLine($"sweep {status.SweepId}: {status.Count(RunPhase.Completed)} completed, {failed} failed of {status.Runs.Count} runs");
                result = status;
            }
        }
        finally
        {
            Console.SetOut(stdout);
        }
        if (json) JsonOutput.Write(result);
        return failed > 0 ? 1 : 0;
    }
}

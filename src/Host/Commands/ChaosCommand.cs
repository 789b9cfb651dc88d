using GitActors.Actors.Sweeps;
using GitActors.Host.Chaos;
using Spectre.Console;

namespace GitActors.Host.Commands;

/// <summary>
/// `gitactors chaos SPEC --kills N --seed S [--out DIR] [--json]`: the fault-injection self-test. Users run it on their
/// own storage (a network file system for --out, their PostgreSQL with --journal-provider/--journal-connection) to
/// see that SIGKILL at any moment loses and repeats nothing. Exit 0 only when no run was lost or completed twice and
/// every metric equals the uninterrupted run's.
/// </summary>
internal static class ChaosCommand
{
    public static Command Create()
    {
        var spec = new Argument<string>("spec") { Description = "The sweep file to run twice (keep it small: it runs once per kill, in part)" };
        var kills = new Option<int>("--kills") { Description = "SIGKILLs to deliver to the faulted run", DefaultValueFactory = _ => 5 };
        var seed = new Option<long>("--seed") { Description = "Seed of the kill moments", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Empty folder for reference/, faulted/ and chaos.log", DefaultValueFactory = _ => "./gitactors-chaos" };
        var json = new Option<bool>("--json") { Description = "The report as JSON on stdout (progress goes to stderr)" };
        var cpuSlots = new Option<int?>("--cpu-slots") { Description = "Passed to every launch" };
        var threads = new Option<int?>("--threads-per-slot") { Description = "Passed to every launch" };
        var config = new Option<string?>("--config") { Description = "A HOCON file of engine overrides, passed to every launch" };
        var provider = new Option<string?>("--journal-provider") { Description = "The faulted run's journal: sqlite (default, in --out) or postgres" };
        var connection = new Option<string?>("--journal-connection") { Description = "PostgreSQL connection string for the faulted run's journal" };
        var command = new Command("chaos", "Run a sweep uninterrupted, then again while killing it with SIGKILL at seeded moments, and compare the journals");
        command.Arguments.Add(spec);
        foreach (var option in new Option[] { kills, seed, output, json, cpuSlots, threads, config, provider, connection }) command.Options.Add(option);
        command.SetAction(async (parse, cancel) =>
        {
            var count = parse.GetValue(kills);
            if (count < 1) throw new ArgumentException($"--kills must be at least 1 (got {count})");
            var specPath = Path.GetFullPath(parse.GetValue(spec)!);
            var plan = SweepSpecParser.Load(specPath).Expand();
            var outFolder = Path.GetFullPath(parse.GetValue(output)!);
            List<string> engine = [];
            if (parse.GetValue(cpuSlots) is { } slots) engine.AddRange(["--cpu-slots", $"{slots}"]);
            if (parse.GetValue(threads) is { } perSlot) engine.AddRange(["--threads-per-slot", $"{perSlot}"]);
            if (parse.GetValue(config) is { } file) engine.AddRange(["--config", Path.GetFullPath(file)]);
            List<string> journal = [];
            if (parse.GetValue(provider) is { } name) journal.AddRange(["--journal-provider", name]);
            if (parse.GetValue(connection) is { } text) journal.AddRange(["--journal-connection", text]);
            var faultedJournal = JournalSettings.FromOptions(parse.GetValue(provider), parse.GetValue(connection),
                Path.Combine(outFolder, "faulted", JournalSettings.DefaultFileName));
            var options = new ChaosOptions(specPath, plan.SweepId, outFolder, count, parse.GetValue(seed), engine, journal, faultedJournal);

            ChaosReport report;
            try
            {
                report = await new ChaosRunner(options, Console.Error).RunAsync(cancel);
            }
            catch (ChaosLaunchException error)
            {
                Console.Error.WriteLine($"error: {error.Message}");
                return 2;
            }
            if (parse.GetValue(json)) Console.Out.WriteLine(JournalJson.Serialize(report));
            else Render(report);
            return report.Passed ? 0 : 1;
        });
        return command;
    }

    private static void Render(ChaosReport report)
    {
        var table = new Table().AddColumns("check", "result");
        table.AddRow("kills delivered", $"{report.KillsDelivered} of {report.KillsRequested} ({report.Launches} launches)");
        table.AddRow("runs", $"{report.Runs}");
        table.AddRow("completed exactly once", $"{report.CompletedExactlyOnce}");
        table.AddRow("duplicated completions", Listed(report.DuplicatedCompletions));
        table.AddRow("lost runs", Listed(report.LostRuns));
        table.AddRow("every metric equal", report.MetricsEqual ? "yes" : Markup.Escape($"no: {string.Join("; ", report.MetricMismatches.Take(5))}"));
        table.AddRow("epochs completed twice", $"{report.EpochsCompletedTwice}");
        table.AddRow("wall time", $"reference {report.ReferenceSeconds:F1} s, faulted {report.FaultedSeconds:F1} s");
        table.AddRow("verdict", report.Passed ? "[green]passed[/]" : "[red]FAILED[/]");
        StdoutConsole.ForStdout().Write(table);
    }

    private static string Listed(IReadOnlyList<string> runs) => runs.Count == 0 ? "0" : Markup.Escape($"{runs.Count}: {string.Join(", ", runs)}");
}

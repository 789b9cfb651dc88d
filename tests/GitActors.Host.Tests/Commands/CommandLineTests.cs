using System.CommandLine;
using GitActors.Host.Commands;
using GitActors.Host.Tests.Reports;

namespace GitActors.Host.Tests.Commands;

/// <summary>
/// One command line: an option name means one thing in every verb and one thing has one name; an id the journal does
/// not hold is bad input (exit 2) in every verb; tables piped to a program keep each row on one line.
/// </summary>
public sealed class CommandLineTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    private static IEnumerable<Command> Verbs(IEnumerable<Command> commands) =>
        commands.SelectMany(c => c.Subcommands.Count == 0 ? [c] : Verbs(c.Subcommands));

    private static string Path(Command verb) => verb.Parents.OfType<Command>().FirstOrDefault() is { } parent && parent is not RootCommand
        ? $"{parent.Name} {verb.Name}" : verb.Name;

    [Fact]
    public void Every_verb_names_the_journal_and_the_output_folder_alike()
    {
        var root = new RootCommand();
        foreach (var command in CommandCatalog.All(GitActors.Models.Experiments.Faults.NoFaultPoints.Instance)) root.Subcommands.Add(command);
        var verbs = Verbs(root.Subcommands).ToList();
        var names = verbs.SelectMany(v => v.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Select(n => (Verb: Path(v), Name: n))).ToList();

        // The old spellings are gone everywhere.
        Assert.DoesNotContain(names, n => n.Name is "--connection" or "--provider" or "--output");
        // Whoever names a PostgreSQL journal names it the same way, with both halves.
        foreach (var verb in verbs.Where(v => v.Options.Any(o => o.Name == "--journal-provider")))
            Assert.Contains(verb.Options, o => o.Name == "--journal-connection");
        // Every verb that reads a sweep or run from the journal takes --out DIR (the sweep's output folder) and --journal FILE.
        var readers = verbs.Where(v => v.Arguments.Any(a => a.Name is "sweep-id" or "run-id") || Path(v) is "journal sweeps" or "dashboard").ToList();
        Assert.Equal(["dashboard", "journal events", "journal export", "journal runs", "journal sweeps", "report", "sweep resume", "sweep retry-failed", "sweep status"],
            readers.Select(Path).Order(StringComparer.Ordinal));
        foreach (var verb in readers)
        {
            Assert.Contains(verb.Options, o => o.Name == "--out" && o.Description!.Contains("output folder"));
            Assert.Contains(verb.Options, o => o.Name == "--journal");
            Assert.Contains(verb.Options, o => o.Name == "--journal-connection");
        }
        // The export's file has its own name.
        Assert.Contains(verbs.Single(v => Path(v) == "journal export").Options, o => o.Name == "--file");
    }

    [Fact]
    public async Task An_id_the_journal_does_not_hold_exits_2_in_every_verb()
    {
        using var temp = new TempFolder();
        var journal = System.IO.Path.Combine(temp.Path, JournalSettings.DefaultFileName);
        await JournalWriter.WriteAsync(journal, SyntheticSweep.Id, SyntheticSweep.Events());

        string[][] sweepVerbs = [["sweep", "status"], ["sweep", "resume"], ["sweep", "retry-failed"], ["journal", "runs"], ["journal", "export", "--format", "csv"], ["report", "--no-plots"]];
        foreach (var verb in sweepVerbs)
        {
            var (code, stdout, stderr) = await CliProcess.RunAsync(temp.Path, Limit, [.. verb, "no-such-sweep", "--out", temp.Path]);
            Assert.True(code == 2, $"{string.Join(' ', verb)}: exit {code}\n{stdout}\n{stderr}");
            // One message in every verb: it names the journal it looked in.
            Sweeps.BadInput.AssertOneLineNaming(stderr, journal, ": no sweep 'no-such-sweep' in this journal");
        }
        var events = await CliProcess.RunAsync(temp.Path, Limit, "journal", "events", "no-such-run", "--out", temp.Path);
        Assert.True(events.Code == 2, $"journal events: exit {events.Code}\n{events.Stderr}");
        Sweeps.BadInput.AssertOneLineNaming(events.Stderr, journal, ": no run 'no-such-run' in this journal");
    }

    [Fact]
    public async Task Piped_tables_keep_every_row_on_one_line()
    {
        using var temp = new TempFolder();
        var events = SyntheticSweep.Events();
        // Long labels, as real sweeps have: 80 columns would wrap them inside their cells.
        var started = (SweepStarted)events[0];
        var labelled = started with { Runs = started.Runs.Select(r => r with { Label = $"k49-rot-lt/o{r.Config.Data.Ordering}/resnet20/{r.RunId}/a-long-method-name/s{r.Config.Seed}" }).ToList() };
        await JournalWriter.WriteAsync(System.IO.Path.Combine(temp.Path, JournalSettings.DefaultFileName), SyntheticSweep.Id, [labelled, .. events.Skip(1)]);

        var runs = await CliProcess.RunAsync(temp.Path, Limit, "journal", "runs", SyntheticSweep.Id, "--out", temp.Path);
        Assert.True(runs.Code == 0, runs.Stderr);
        var lines = runs.Stdout.Split('\n');
        foreach (var run in labelled.Runs)
            Assert.Single(lines, line => line.Contains(run.RunId + " ", StringComparison.Ordinal) && line.Contains(run.Label, StringComparison.Ordinal) && line.Contains("completed"));

        var sweeps = await CliProcess.RunAsync(temp.Path, Limit, "journal", "sweeps", "--out", temp.Path);
        Assert.True(sweeps.Code == 0, sweeps.Stderr);
        Assert.Single(sweeps.Stdout.Split('\n'), line => line.Contains(SyntheticSweep.Id) && line.Contains("plots") && line.Contains("2025-06-01 12:00:00Z"));
    }
}

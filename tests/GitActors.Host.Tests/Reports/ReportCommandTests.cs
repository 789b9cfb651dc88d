using System.CommandLine;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using GitActors.Host.Commands;
using Newtonsoft.Json.Linq;

namespace GitActors.Host.Tests.Reports;

/// <summary>`gitactors report` end to end: a real SQLite journal written by a persistent actor, read back by the verb.</summary>
[Collection("Console")]
public sealed class ReportCommandTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("gitactors-report-cmd-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    private sealed class EventWriter : ReceivePersistentActor
    {
        public EventWriter(string persistenceId)
        {
            PersistenceId = persistenceId;
            Command<ISweepEvent>(evt => Persist(evt, _ => Sender.Tell("persisted")));
        }

        public override string PersistenceId { get; }
    }

    private async Task WriteJournal(string file, IReadOnlyList<ISweepEvent> events)
    {
        JournalFile.PrepareForWriting(file);
        // Silent: Akka's late log lines would land in the console this class captures.
        var silent = ConfigurationFactory.ParseString("akka.loglevel = OFF\nakka.stdout-loglevel = OFF");
        using var system = ActorSystem.Create("report-writer", silent.WithFallback(JournalConfig.Build(JournalSettings.Sqlite(file))));
        var writer = system.ActorOf(Props.Create(() => new EventWriter(JournalNames.SweepPersistenceId(SyntheticSweep.Id))));
        foreach (var evt in events) await writer.Ask<string>(evt, TimeSpan.FromSeconds(20));
        await system.Terminate();
    }

    private static async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(ReportCommand.Create());
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try { return (await CommandErrors.InvokeAsync(root, ["report", .. args]), stdout.ToString(), stderr.ToString()); }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    [Fact]
    public async Task Report_reads_the_journal_under_out_and_writes_json_and_plots()
    {
        await WriteJournal(Path.Combine(_out, JournalSettings.DefaultFileName), SyntheticSweep.Events());

        var (code, stdout, stderr) = await Run(SyntheticSweep.Id, "--out", _out, "--json");

        Assert.True(code == 0, stderr);
        var json = JObject.Parse(stdout);
        var rows = (JArray)json["report"]!["table"]!["rows"]!;
        Assert.Equal(["erm", "ldam+drs+git"], rows.Select(r => (string)r["method"]!));
        var cell = rows[0]["cells"]![0]!;
        Assert.Equal(4, (int)cell["completed"]!);
        Assert.Equal((2, 2), ((int)cell["seeds"]!, (int)cell["orderings"]!));
        Assert.Equal(4, (int)cell["balancedAccuracy"]!["count"]!);
        var plots = ((JArray)json["plots"]!).Select(p => (string)p!).ToList();
        Assert.Equal(3, plots.Count);
        Assert.All(plots, p => Assert.StartsWith(Path.Combine(_out, "plots", SyntheticSweep.Id), p));
        Assert.All(plots, p => Assert.True(new FileInfo(p).Length > 0));
    }

    [Fact]
    public async Task An_unknown_sweep_or_a_missing_journal_is_a_clear_error()
    {
        await WriteJournal(Path.Combine(_out, JournalSettings.DefaultFileName), SyntheticSweep.Events());

        var unknown = await Run("no-such-sweep", "--out", _out, "--no-plots");
        Assert.Equal(2, unknown.Code);
        Assert.Contains("no sweep 'no-such-sweep'", unknown.Stderr);

        var missing = Path.Combine(_out, "absent.db");
        var absent = await Run(SyntheticSweep.Id, "--journal", missing);
        Assert.Equal(2, absent.Code);
        Assert.Contains(missing, absent.Stderr);
        Assert.False(Directory.Exists(Path.Combine(_out, "plots")));
    }
}

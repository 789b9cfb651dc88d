using Akka.Actor;
using Akka.Persistence;
using GitActors.Actors.Journal;
using GitActors.Actors.Tests.Support;
using Microsoft.Data.Sqlite;

namespace GitActors.Actors.Tests.Journal;

/// <summary>Events persisted by a persistent actor into a temp SQLite journal, read back through JournalReader.</summary>
public sealed class JournalRoundTripTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly string _file;

    public JournalRoundTripTests() : this(Path.Combine(Directory.CreateTempSubdirectory("gitactors-journal-").FullName, "journal.db")) { }

    private JournalRoundTripTests(string file) : base(WriterConfig(file)) => _file = file;

    private static Akka.Configuration.Config WriterConfig(string file)
    {
        JournalFile.PrepareForWriting(file);
        return JournalConfig.Build(JournalSettings.Sqlite(file));
    }

    private sealed class EventWriter : ReceivePersistentActor
    {
        public EventWriter(string persistenceId)
        {
            PersistenceId = persistenceId;
            Command<ISweepEvent>(evt => Persist(evt, _ => Sender.Tell("persisted")));
        }

        public override string PersistenceId { get; }
    }

    private void Persist(string sweepId, IEnumerable<ISweepEvent> events)
    {
        var writer = Sys.ActorOf(Props.Create(() => new EventWriter(JournalNames.SweepPersistenceId(sweepId))));
        foreach (var evt in events)
        {
            writer.Tell(evt, TestActor);
            ExpectMsg("persisted", TimeSpan.FromSeconds(20));
        }
    }

    [Fact]
    public async Task Events_read_back_by_sweep_by_run_and_as_summaries_while_the_writer_runs()
    {
        var first = SampleEvents.All("sweepaaaaaaaaaaa", "runaaaaaaaaaaaaa");
        var second = SampleEvents.All("sweepbbbbbbbbbbb", "runbbbbbbbbbbbbb").Take(3).ToList();
        Persist("sweepaaaaaaaaaaa", first);
        Persist("sweepbbbbbbbbbbb", second);

        await using var reader = JournalReader.Open(JournalSettings.Sqlite(_file));

        var sweepEvents = await reader.SweepEvents("sweepaaaaaaaaaaa");
        Assert.Equal(first.Count, sweepEvents.Count);
        for (var i = 0; i < first.Count; i++)
        {
            Structural.AssertEqual(first[i], sweepEvents[i].Event);
            Assert.Equal(i + 1, sweepEvents[i].SequenceNr);
            Assert.Equal("sweep-sweepaaaaaaaaaaa", sweepEvents[i].PersistenceId);
        }

        var runEvents = await reader.RunEvents("runbbbbbbbbbbbbb");
        Assert.Equal([nameof(RunQueued), nameof(RunStarted)], runEvents.Select(e => e.Event.GetType().Name));

        var sweeps = await reader.ListSweeps();
        Assert.Equal(["sweepaaaaaaaaaaa", "sweepbbbbbbbbbbb"], sweeps.Select(s => s.SweepId).Order());
        var b = sweeps.Single(s => s.SweepId == "sweepbbbbbbbbbbb");
        Assert.Equal(RunState.Running, b.RunsById["runbbbbbbbbbbbbb"].State);
        Assert.Equal(RunState.Pending, b.RunsById["other"].State);

        Assert.Empty(await reader.SweepEvents("nosuchsweep"));
        Assert.Null(await reader.Sweep("nosuchsweep"));
    }

    [Fact]
    public void Every_event_is_stored_with_its_manifest_serializer_and_all_sweeps_tag()
    {
        Persist("sweepcccccccccccc", SampleEvents.All("sweepcccccccccccc", "runcccccccccccc"));

        using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        sqlite.Open();
        using var command = sqlite.CreateCommand();
        command.CommandText = "SELECT manifest, identifier FROM journal ORDER BY ordering";
        var rows = new List<(string, long)>();
        using (var read = command.ExecuteReader())
            while (read.Read()) rows.Add((read.GetString(0), read.GetInt64(1)));
        Assert.Equal(EventManifests.All.Values, rows.Select(r => r.Item1));
        Assert.All(rows, r => Assert.Equal(EventSerializer.Id, r.Item2));

        command.CommandText = "SELECT COUNT(*) FROM tags WHERE tag = 'gitactors'";
        Assert.Equal(8L, command.ExecuteScalar());
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);
    }
}

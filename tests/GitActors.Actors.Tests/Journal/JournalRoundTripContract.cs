using System.Data.Common;
using Akka.Persistence;

namespace GitActors.Actors.Tests.Journal;

/// <summary>
/// The journal round trip every provider must pass: events persisted by a persistent actor through the real
/// serializer and tagging adapter, read back through JournalReader by sweep tag, by run tag and as summaries,
/// and checked in the tables themselves. Subclasses supply the store.
/// </summary>
public abstract class JournalRoundTripContract : Akka.TestKit.Xunit2.TestKit
{
    protected JournalRoundTripContract(JournalSettings settings) : base(JournalConfig.Build(settings)) => Settings = settings;

    protected JournalSettings Settings { get; }

    /// <summary>A plain connection to the journal's database, to check what was stored without going through Akka.</summary>
    protected abstract DbConnection OpenDirect();

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

        await using var reader = JournalReader.Open(Settings);

        var sweepEvents = await reader.SweepEvents("sweepaaaaaaaaaaa");
        Assert.Equal(first.Count, sweepEvents.Count);
        for (var i = 0; i < first.Count; i++)
        {
            Structural.AssertEqual(first[i], sweepEvents[i].Event);
            Assert.Equal(i + 1, sweepEvents[i].SequenceNr);
            Assert.Equal("sweep-sweepaaaaaaaaaaa", sweepEvents[i].PersistenceId);
        }
        Assert.True(sweepEvents.Zip(sweepEvents.Skip(1)).All(pair => pair.Item1.Offset < pair.Item2.Offset), "offsets increase");

        var runEvents = await reader.RunEvents("runbbbbbbbbbbbbb");
        Assert.Equal([nameof(RunQueued), nameof(RunStarted)], runEvents.Select(e => e.Event.GetType().Name));

        var sweeps = await reader.ListSweeps();
        Assert.Equal(["sweepaaaaaaaaaaa", "sweepbbbbbbbbbbb"], sweeps.Select(s => s.SweepId).Order());
        var a = sweeps.Single(s => s.SweepId == "sweepaaaaaaaaaaa");
        // The last RunFailed, RunStalled and RunFaulted carry fencing token 40 < 41 of the completed attempt: stale, so the run stays completed.
        Assert.Equal((RunState.Completed, 12), (a.RunsById["runaaaaaaaaaaaaa"].State, a.RunsById["runaaaaaaaaaaaaa"].LastEpoch));
        Assert.Equal(SampleEvents.At, a.CompletedAt);
        var b = sweeps.Single(s => s.SweepId == "sweepbbbbbbbbbbb");
        Assert.Equal(RunState.Running, b.RunsById["runbbbbbbbbbbbbb"].State);
        Assert.Equal(RunState.Pending, b.RunsById["other"].State);
        Assert.Null(b.CompletedAt);

        Assert.Empty(await reader.SweepEvents("nosuchsweep"));
        Assert.Null(await reader.Sweep("nosuchsweep"));
    }

    [Fact]
    public void Every_event_is_stored_with_its_manifest_serializer_and_all_sweeps_tag()
    {
        Persist("sweepcccccccccccc", SampleEvents.All("sweepcccccccccccc", "runcccccccccccc"));

        using var connection = OpenDirect();
        var rows = Query(connection, "SELECT manifest, identifier FROM journal ORDER BY ordering");
        Assert.Equal(EventManifests.All.Values, rows.Select(r => (string)r[0]));
        Assert.All(rows, r => Assert.Equal(EventSerializer.Id, Convert.ToInt64(r[1])));

        Assert.Equal(14L, Convert.ToInt64(Query(connection, "SELECT COUNT(*) FROM tags WHERE tag = 'gitactors'")[0][0]));
        // Run events carry their run tag; SweepStarted and SweepCompleted do not.
        Assert.Equal(8L, Convert.ToInt64(Query(connection, "SELECT COUNT(*) FROM tags WHERE tag = 'run:runcccccccccccc'")[0][0]));
    }

    [Fact]
    public async Task A_restarted_writer_recovers_its_events_and_continues_the_sequence()
    {
        var events = SampleEvents.All("sweepdddddddddddd", "rundddddddddddd");
        Persist("sweepdddddddddddd", events.Take(4));
        Persist("sweepdddddddddddd", events.Skip(4));   // a new incarnation replays the first four, then appends

        await using var reader = JournalReader.Open(Settings);
        var stored = await reader.SweepEvents("sweepdddddddddddd");

        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), stored.Select(e => e.SequenceNr));
        Assert.Equal(events.Select(e => e.GetType()), stored.Select(e => e.Event.GetType()));
    }

    private static List<object[]> Query(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var read = command.ExecuteReader();
        var rows = new List<object[]>();
        while (read.Read())
        {
            var row = new object[read.FieldCount];
            read.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }
}

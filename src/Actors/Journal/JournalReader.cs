using Akka;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace GitActors.Actors.Journal;

/// <summary>
/// Read side of the journal through Akka.Persistence.Query, so SQLite and PostgreSQL read the same way. It runs
/// its own short-lived ActorSystem with a read-only configuration (no table creation; SQLite opened read-only),
/// so it is safe to use while a sweep is writing.
/// </summary>
public sealed class JournalReader : IAsyncDisposable
{
    private static readonly Config Quiet = ConfigurationFactory.ParseString(
        "akka.loglevel = ERROR\nakka.stdout-loglevel = ERROR\nakka.log-dead-letters = off\nakka.log-dead-letters-during-shutdown = off");

    /// <summary>
    /// How long opening may wait for the journal plugin to start. SqlReadJournal's constructor blocks on a fixed 5 s ask to
    /// the write journal (Akka.Persistence.Sql 1.5.73 has no setting for it, and its IsInitialized message is internal),
    /// which a loaded machine can miss; <see cref="AwaitPlugin"/> waits for the plugin first, so that ask is answered at once.
    /// </summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ActorSystem _system;
    private readonly SqlReadJournal _journal;
    private readonly IMaterializer _materializer;
    private readonly bool _ownsSystem;

    /// <summary>The journal this reader reads, for messages: the SQLite file or the PostgreSQL host and database.</summary>
    public string Journal { get; }

    private JournalReader(ActorSystem system, string journal, bool ownsSystem = true)
    {
        _system = system;
        Journal = journal;
        _ownsSystem = ownsSystem;
        _journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        _materializer = system.Materializer();
    }

    /// <summary>
    /// Opens a reader. The journal must exist and open (else JournalFileException naming it and the cause): for SQLite a
    /// SQLite database file, for PostgreSQL a reachable database that holds the journal table.
    /// </summary>
    public static JournalReader Open(JournalSettings settings)
    {
        if (settings.IsSqlite && settings.SqliteFile is { } file) JournalFile.RequireExisting(file);
        if (settings.Provider == JournalSettings.PostgresProvider) PostgresJournal.RequireExisting(settings.ConnectionString);
        var system = ActorSystem.Create("gitactors-journal-reader", Quiet.WithFallback(JournalConfig.BuildReadOnly(settings)));
        try
        {
            AwaitPlugin(system);
            return new JournalReader(system, settings.Describe());
        }
        catch (Exception e)
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(10));
            var cause = e is AggregateException { InnerException: { } inner } ? inner : e;
            throw new JournalFileException(settings.Describe(), $"cannot open the journal: {cause.Message}");
        }
    }

    /// <summary>
    /// Waits until the journal plugin has started: it stashes every message until its database access is set up, so any
    /// answer to an empty replay (max 0: only the highest sequence number of an id no sweep uses; read-only) means it is
    /// ready. A failed answer counts too: a journal without tables yet reads as empty (SweepQueries), as before.
    /// </summary>
    private static void AwaitPlugin(ActorSystem system) =>
        Persistence.Instance.Apply(system).JournalFor(null)
            .Ask<object>(replyTo => new ReplayMessages(0, 0, 0, "gitactors-journal-reader-probe", replyTo), StartTimeout, CancellationToken.None)
            .GetAwaiter().GetResult();

    /// <summary>
    /// A reader on a system the caller owns and that already holds the journal's configuration (the engine's, in a
    /// process that runs a sweep and serves the dashboard from one host); disposing the reader leaves the system running.
    /// </summary>
    public static JournalReader On(ActorSystem system, JournalSettings settings) => new(system, settings.Describe(), ownsSystem: false);

    /// <summary>Every sweep in the journal, summarised, in the order they were first started.</summary>
    public async Task<IReadOnlyList<SweepSummary>> ListSweeps(CancellationToken cancel = default)
    {
        var ids = await _journal.CurrentPersistenceIds().RunWith(Sink.Seq<string>(), _materializer).WaitAsync(cancel);
        var sweeps = new List<SweepSummary>();
        foreach (var persistenceId in ids.Where(id => id.StartsWith(JournalNames.SweepPersistenceIdPrefix, StringComparison.Ordinal)))
        {
            var entries = await Read(_journal.CurrentEventsByPersistenceId(persistenceId, 0, long.MaxValue), cancel);
            if (entries.Count == 0) continue;
            var sweepId = entries[0].Event.SweepId;
            sweeps.Add(SweepProjection.Fold(sweepId, entries.Select(e => e.Event)));
        }
        return sweeps.OrderBy(s => s.StartedAt ?? DateTimeOffset.MaxValue).ThenBy(s => s.SweepId, StringComparer.Ordinal).ToList();
    }

    /// <summary>All events of one sweep in journal order (by its sweep tag).</summary>
    public Task<IReadOnlyList<JournalEntry>> SweepEvents(string sweepId, CancellationToken cancel = default) =>
        Read(_journal.CurrentEventsByTag(JournalNames.SweepTag(sweepId), Offset.NoOffset()), cancel);

    /// <summary>The sweep's events after a journal offset (0: all), in journal order: what a live view polls for.</summary>
    public async Task<IReadOnlyList<JournalEntry>> SweepEventsAfter(string sweepId, long offset, CancellationToken cancel = default) =>
        (await Read(_journal.CurrentEventsByTag(JournalNames.SweepTag(sweepId), Offset.Sequence(offset)), cancel))
            .Where(e => e.Offset > offset).ToList();

    /// <summary>All events of one run, from every sweep that ran it, in journal order (by its run tag).</summary>
    public Task<IReadOnlyList<JournalEntry>> RunEvents(string runId, CancellationToken cancel = default) =>
        Read(_journal.CurrentEventsByTag(JournalNames.RunTag(runId), Offset.NoOffset()), cancel);

    /// <summary>The projection of one sweep, or null if the journal has no events for it.</summary>
    public async Task<SweepSummary?> Sweep(string sweepId, CancellationToken cancel = default)
    {
        var entries = await SweepEvents(sweepId, cancel);
        return entries.Count == 0 ? null : SweepProjection.Fold(sweepId, entries.Select(e => e.Event));
    }

    private async Task<IReadOnlyList<JournalEntry>> Read(Source<EventEnvelope, NotUsed> source, CancellationToken cancel)
    {
        var envelopes = await source.RunWith(Sink.Seq<EventEnvelope>(), _materializer).WaitAsync(cancel);
        return envelopes
            .Where(e => e.Event is ISweepEvent)
            .Select(e => new JournalEntry((e.Offset as Sequence)?.Value ?? 0, e.PersistenceId, e.SequenceNr, (ISweepEvent)e.Event))
            .ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsSystem) await _system.Terminate();
    }
}

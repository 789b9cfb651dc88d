using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;

namespace GitActors.TestSupport;

/// <summary>Writes hand-made sweep events into a real SQLite journal through Akka.Persistence, as the engine would.</summary>
public static class JournalWriter
{
    private sealed class EventWriter : ReceivePersistentActor
    {
        public EventWriter(string persistenceId)
        {
            PersistenceId = persistenceId;
            Command<ISweepEvent>(evt => Persist(evt, _ => Sender.Tell("persisted")));
        }

        public override string PersistenceId { get; }
    }

    public static async Task WriteAsync(string file, string sweepId, IReadOnlyList<ISweepEvent> events)
    {
        JournalFile.PrepareForWriting(file);
        var silent = ConfigurationFactory.ParseString("akka.loglevel = OFF\nakka.stdout-loglevel = OFF");
        using var system = ActorSystem.Create("journal-writer", silent.WithFallback(JournalConfig.Build(JournalSettings.Sqlite(file))));
        var writer = system.ActorOf(Props.Create(() => new EventWriter(JournalNames.SweepPersistenceId(sweepId))));
        foreach (var evt in events) await writer.Ask<string>(evt, TimeSpan.FromSeconds(20));
        await system.Terminate();
    }
}

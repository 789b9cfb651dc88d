using System.Collections.Immutable;
using Akka.Persistence.Journal;

namespace GitActors.Actors.Journal;

/// <summary>Write adapter: tags every sweep event by sweep (and run), plus the all-sweeps tag.</summary>
public sealed class SweepTagger : IWriteEventAdapter
{
    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => evt is ISweepEvent sweepEvent ? new Tagged(evt, TagsOf(sweepEvent)) : evt;

    public static IImmutableSet<string> TagsOf(ISweepEvent evt)
    {
        var tags = ImmutableHashSet.Create(JournalNames.SweepTag(evt.SweepId), JournalNames.AllSweepsTag);
        return evt is IRunEvent run ? tags.Add(JournalNames.RunTag(run.RunId)) : tags;
    }
}

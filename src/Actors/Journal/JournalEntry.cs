namespace GitActors.Actors.Journal;

/// <summary>One persisted event as a reader sees it: where it sits in the journal and what it says.</summary>
public sealed record JournalEntry(long Offset, string PersistenceId, long SequenceNr, ISweepEvent Event)
{
    public string Manifest => EventManifests.Of(Event.GetType());
}

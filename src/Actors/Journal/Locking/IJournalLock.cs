namespace GitActors.Actors.Journal.Locking;

/// <summary>A held writer lock on a journal (or one sweep of it); disposing releases it. A dead process releases it too.</summary>
public interface IJournalLock : IAsyncDisposable;

namespace GitActors.Actors.Journal;

/// <summary>
/// The journal stopped answering (a write or a recovery failed) while a sweep ran here. Everything recorded before
/// stays recorded; `sweep resume` continues once the journal is back.
/// </summary>
public sealed class JournalUnavailableException(string sweepId, string reason)
    : Exception($"the journal of sweep {sweepId} is unavailable ({reason}); what was recorded is kept: run `gitactors sweep resume {sweepId}` once it is back")
{
    public string SweepId { get; } = sweepId;
}

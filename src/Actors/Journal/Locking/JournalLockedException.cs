namespace GitActors.Actors.Journal.Locking;

/// <summary>
/// Another process is writing this journal (or, in PostgreSQL, this sweep): this one refuses to write beside it.
/// Not bad input: the command line gives it its own exit code. Holder is null when it could not be read.
/// </summary>
public sealed class JournalLockedException(string where, JournalLockHolder? holder)
    : Exception($"{where} is in use by {holder?.Describe() ?? "another process"}; wait for it to end or stop it, then run this again")
{
    public JournalLockHolder? Holder { get; } = holder;
}

namespace GitActors.Actors.Journal.Locking;

/// <summary>
/// Another process is writing this journal (or, in PostgreSQL, this sweep): this one refuses to write beside it.
/// Not bad input: the command line gives it its own exit code. Holder is null when it could not be read (or the refusal
/// was relayed as text, by a cluster's coordinator).
/// </summary>
public sealed class JournalLockedException : Exception
{
    /// <param name="where">The journal, or the sweep in it; naming the sweep leaves it out of the holder's description.</param>
    public JournalLockedException(string where, JournalLockHolder? holder, bool whereNamesSweep = false)
        : base($"{where} is in use by {holder?.Describe(withSweep: !whereNamesSweep) ?? "another process"}; wait for it to end or stop it, then run this again") =>
        Holder = holder;

    public JournalLockedException(string message) : base(message)
    {
    }

    public JournalLockHolder? Holder { get; }
}

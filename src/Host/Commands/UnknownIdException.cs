namespace GitActors.Host.Commands;

/// <summary>
/// A sweep or run id that the journal does not hold: bad input, exit code 2 like every other, in one line that names
/// the journal it looked in (<see cref="GitActors.Actors.Journal.JournalSettings.Describe"/>) as every bad-input line names its file.
/// </summary>
internal sealed class UnknownIdException(string message) : InputException(message)
{
    public static UnknownIdException Sweep(string journal, string sweepId) =>
        new($"{journal}: no sweep '{sweepId}' in this journal (see `gitactors journal sweeps`)");

    public static UnknownIdException Run(string journal, string runId) =>
        new($"{journal}: no run '{runId}' in this journal (see `gitactors journal runs SWEEP`)");
}

using GitActors.Models;

namespace GitActors.Host.Commands;

/// <summary>A sweep or run id that the journal does not hold: bad input, exit code 2 like every other.</summary>
internal sealed class UnknownIdException(string message) : InputException(message)
{
    public static UnknownIdException Sweep(string sweepId) =>
        new($"no sweep '{sweepId}' in this journal (see `gitactors journal sweeps`)");

    public static UnknownIdException Run(string runId) =>
        new($"no run '{runId}' in this journal (see `gitactors journal runs SWEEP`)");
}

namespace GitActors.Models.Experiments.Faults;

/// <summary>
/// Tells a fault of the machine from a failure of the run: an I/O error (disk full, a lost mount, any other
/// <see cref="IOException"/>) or a refused permission anywhere in the exception's chain is the machine's, unless the
/// chain also says the bytes themselves were bad (<see cref="InputException"/> such as DataFormatException, a truncated
/// stream, invalid data): bad data is the run's input and fails the same way on any machine.
/// </summary>
public static class InfrastructureFault
{
    public static bool Is(Exception exception)
    {
        var chain = Chain(exception).ToList();
        return !chain.Any(IsBadData) && chain.Any(e => e is IOException or UnauthorizedAccessException);
    }

    private static bool IsBadData(Exception e) => e is InputException or InvalidDataException or EndOfStreamException;

    /// <summary>The exception, its inner exceptions and, for an aggregate, each of its inner exceptions' chains.</summary>
    private static IEnumerable<Exception> Chain(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        var seen = new HashSet<Exception>(ReferenceEqualityComparer.Instance);
        while (pending.TryPop(out var e))
        {
            if (!seen.Add(e)) continue;
            yield return e;
            if (e is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions) pending.Push(inner);
            else if (e.InnerException is { } inner) pending.Push(inner);
        }
    }
}

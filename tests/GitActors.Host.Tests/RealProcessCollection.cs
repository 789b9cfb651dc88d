namespace GitActors.Host.Tests;

/// <summary>
/// Tests that run real `gitactors` processes: they run alone (xunit runs a collection without parallelization after
/// the parallel ones, one at a time), so no other test class shares the 2 cores with the processes they time and kill.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealProcessCollection
{
    public const string Name = "real-process";
}

namespace GitActors.Host.Tests;

/// <summary>Tests that redirect Console run alone: output from tests running beside them would land in their capture.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}

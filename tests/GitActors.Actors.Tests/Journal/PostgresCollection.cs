namespace GitActors.Actors.Tests.Journal;

/// <summary>All PostgreSQL tests share one server per test run (they run one class at a time within the collection).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}

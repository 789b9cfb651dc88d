using System.Data.Common;
using Npgsql;

namespace GitActors.Actors.Tests.Journal;

/// <summary>The journal round trip on a real PostgreSQL 15 server (a private one; see PostgresServer), one fresh database per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresJournalRoundTripTests(PostgresServer server)
    : JournalRoundTripContract(JournalSettings.Postgres(server.CreateDatabase("journal")))
{
    protected override DbConnection OpenDirect()
    {
        var connection = new NpgsqlConnection(Settings.ConnectionString);
        connection.Open();
        return connection;
    }
}

namespace GitActors.TestSupport;

/// <summary>
/// The test fixture over LocalPostgres (src/Actors/Journal): a private PostgreSQL 15 server with fsync off, since test
/// data is thrown away. One server per test run, a fresh database per test; each test project shares it through a
/// collection of its own (xunit reads collection definitions from the test assembly only).
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly LocalPostgres _server;

    public PostgresServer() : this(durable: false) { }

    private PostgresServer(bool durable) => _server = LocalPostgres.Start(durable);

    /// <summary>A server with PostgreSQL's default durability (fsync on), e.g. for measuring journal throughput.</summary>
    public static PostgresServer StartDurable() => new(durable: true);

    public int Port => _server.Port;

    public string ConnectionString(string database) => _server.ConnectionString(database);

    public string CreateDatabase(string prefix = "gitactors") => _server.CreateDatabase(prefix);

    public void Dispose() => _server.Dispose();
}

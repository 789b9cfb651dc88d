using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace GitActors.Actors.Journal;

/// <summary>
/// A private, throwaway PostgreSQL 15 server (for `bench cluster` and the tests): initdb into a temp folder, listening on 127.0.0.1 only
/// (and a Unix socket inside that folder) on a free port, trust authentication for those local connections, stopped
/// and deleted on dispose. It never touches the system's PostgreSQL service. PostgreSQL refuses to run as root, so
/// under root (this machine, CI) its binaries run as the `postgres` system user via runuser.
/// </summary>
public sealed class LocalPostgres : IDisposable
{
    public const string BinFolder = "/usr/lib/postgresql/15/bin";
    private const string SuperUser = "postgres";
    private const string ServiceUser = "postgres";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly string _root;
    private readonly string _data;
    private string _options = "";
    private bool _running;

    /// <summary>
    /// Starts a server. durable: PostgreSQL's default fsync on (measuring journal throughput); otherwise fsync off,
    /// for data that is thrown away anyway (tests), where durability only costs time.
    /// </summary>
    public static LocalPostgres Start(bool durable = false) => new(durable);

    private LocalPostgres(bool durable)
    {
        foreach (var tool in new[] { "initdb", "pg_ctl" })
            if (!File.Exists(Path.Combine(BinFolder, tool)))
                throw new InvalidOperationException(
                    $"PostgreSQL 15 server binaries not found ({Path.Combine(BinFolder, tool)} is missing); " +
                    "install them with `apt-get install postgresql-15` (.ci/setup does this).");

        _root = CreateRoot();
        _data = Path.Combine(_root, "data");
        try
        {
            Run("initdb", "-D", _data, "-U", SuperUser, "--auth-local=trust", "--auth-host=trust", "-E", "UTF8", "--no-locale", "--no-sync");
            Port = StartOnFreePort(durable);
            using var connection = new NpgsqlConnection(ConnectionString("postgres"));
            connection.Open();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Port { get; private set; }

    /// <summary>The Npgsql connection string of a database on this server (the database must exist).</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = database,
        Username = SuperUser,
    }.ConnectionString;

    /// <summary>Creates a fresh, uniquely named database and returns its connection string, so tests never share tables.</summary>
    public string CreateDatabase(string prefix = "gitactors")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        command.ExecuteNonQuery();
        return ConnectionString(name);
    }

    /// <summary>
    /// An outage: the server ends every client's session (their transactions roll back) and stops, and connections fail
    /// until Restart. It stops cleanly ("fast"), not as a crash ("immediate"): without fsync and synchronous commit (the
    /// non-durable test server) a crash would also lose transactions the journal was told were committed, which is
    /// PostgreSQL's durability, not the engine's behaviour under an outage.
    /// </summary>
    public void Stop()
    {
        NpgsqlConnection.ClearAllPools();
        Run("pg_ctl", "-D", _data, "-m", "fast", "-w", "-t", "30", "stop");
        _running = false;
    }

    /// <summary>Starts the stopped server again on the same port, with its data (it recovers from its write-ahead log).</summary>
    public void Restart()
    {
        StartServer(_options);
        _running = true;
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        if (_running)
        {
            // fast: disconnects clients and shuts down cleanly; immediate only if that did not finish.
            try { Run("pg_ctl", "-D", _data, "-m", "fast", "-w", "-t", "30", "stop"); }
            catch (InvalidOperationException) { TryRun("pg_ctl", "-D", _data, "-m", "immediate", "-w", "stop"); }
            _running = false;
        }
        try { Directory.Delete(_root, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }

    /// <summary>The port is chosen before the server binds it, so another process may win the race: try a few.</summary>
    private int StartOnFreePort(bool durable)
    {
        var speed = durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        InvalidOperationException? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = FreePort();
            var options = $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='{_root}' -c max_connections=200{speed}";
            try
            {
                StartServer(options);
                (_options, _running) = (options, true);
                return port;
            }
            catch (InvalidOperationException e) { last = e; }
        }
        throw last!;
    }

    private void StartServer(string options) =>
        Run("pg_ctl", "-D", _data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "30", "-o", options, "start");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>Under root the folder goes in /tmp (traversable by the service user) and is handed to that user.</summary>
    private static string CreateRoot()
    {
        if (!IsRoot) return Directory.CreateTempSubdirectory("gitactors-pg-").FullName;
        var root = Path.Combine("/tmp", $"gitactors-pg-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(root);
        RunProcess("chown", [$"{ServiceUser}:", root], root);
        return root;
    }

    private void TryRun(string tool, params string[] arguments)
    {
        try { Run(tool, arguments); }
        catch (InvalidOperationException) { }
    }

    private void Run(string tool, params string[] arguments)
    {
        var binary = Path.Combine(BinFolder, tool);
        if (IsRoot) RunProcess("runuser", ["-u", ServiceUser, "--", binary, .. arguments], _root);
        else RunProcess(binary, arguments, _root);
    }

    private static void RunProcess(string file, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The service user cannot enter the caller's folder (e.g. under /root); initdb and pg_ctl need a readable cwd.
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} did not finish in {CommandTimeout.TotalSeconds}s");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', start.ArgumentList)} failed with exit code {process.ExitCode}:\n{stderr.Result}{stdout.Result}" +
                LogTail(workingDirectory));
    }

    private static string LogTail(string root)
    {
        var log = Path.Combine(root, "server.log");
        return File.Exists(log) ? "\nserver.log:\n" + string.Join('\n', File.ReadLines(log).TakeLast(20)) : "";
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace GitActors.Actors.Journal.Locking;

/// <summary>
/// One writer per sweep in a PostgreSQL journal: a session-level advisory lock (pg_try_advisory_lock) on a 64-bit key
/// derived from the sweep id, held on a dedicated, unpooled connection for the life of the run. The server releases
/// it when that session ends, so a killed process never leaves it behind. The session's application_name names the
/// holder, so a refused process (or an operator in pg_stat_activity) can see who it is.
/// </summary>
public sealed class PostgresSweepLock : IJournalLock
{
    private readonly NpgsqlConnection _connection;
    private readonly long _key;

    private PostgresSweepLock(NpgsqlConnection connection, long key) => (_connection, _key) = (connection, key);

    /// <summary>The first 8 bytes of SHA-256("gitactors-sweep-writer:" + sweep id): the same key in every process.</summary>
    public static long KeyFor(string sweepId) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("gitactors-sweep-writer:" + sweepId)));

    /// <summary>Takes the sweep's lock or throws <see cref="JournalLockedException"/> naming the holder; never waits.</summary>
    public static async Task<PostgresSweepLock> AcquireAsync(string connectionString, JournalLockHolder holder, CancellationToken cancel)
    {
        var where = $"sweep {holder.SweepId} in the journal {PostgresJournal.Describe(connectionString)}";
        // Unpooled: closing must end the session (a pooled connection would keep it, and the lock, alive). Keepalives
        // let the server notice a vanished client instead of holding its lock until TCP gives up.
        var settings = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = holder.ToApplicationName(),
            TcpKeepAlive = true,
        };
        var connection = new NpgsqlConnection(settings.ConnectionString);
        var key = KeyFor(holder.SweepId);
        try
        {
            await connection.OpenAsync(cancel);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", key);
            if (await command.ExecuteScalarAsync(cancel) is true) return new PostgresSweepLock(connection, key);
            var held = await HolderAsync(connection, key, holder.SweepId, cancel);
            throw new JournalLockedException(where, held, whereNamesSweep: true);
        }
        catch (NpgsqlException e)
        {
            await connection.DisposeAsync();
            throw new JournalFileException(PostgresJournal.Describe(connectionString), $"cannot lock sweep {holder.SweepId} for writing: {e.Message}");
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The session holding the key: its application_name if a gitactors process set it, else its server pid and address.</summary>
    private static async Task<JournalLockHolder?> HolderAsync(NpgsqlConnection connection, long key, string sweepId, CancellationToken cancel)
    {
        // A bigint advisory key is stored as classid (high 32 bits) and objid (low 32 bits) with objsubid 1.
        await using var command = new NpgsqlCommand("""
            SELECT a.application_name, l.pid, a.client_addr::text, a.backend_start
            FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid::bigint = @high AND l.objid::bigint = @low
            LIMIT 1
            """, connection);
        command.Parameters.AddWithValue("high", (long)(uint)(key >> 32));
        command.Parameters.AddWithValue("low", (long)(uint)key);
        await using var reader = await command.ExecuteReaderAsync(cancel);
        if (!await reader.ReadAsync(cancel)) return null;
        var name = reader.IsDBNull(0) ? null : reader.GetString(0);
        if (JournalLockHolder.FromApplicationName(name, sweepId) is { } holder) return holder;
        // Not one of ours (or stats hidden from this role): the server's view of the session.
        var address = reader.IsDBNull(2) ? "a local socket" : reader.GetString(2);
        var since = reader.IsDBNull(3) ? DateTimeOffset.MinValue : reader.GetFieldValue<DateTimeOffset>(3);
        return new JournalLockHolder($"{address} (server backend pid)", reader.GetInt32(1), since, sweepId);
    }

    /// <summary>Unlocks and ends the session (either alone would release it).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", _connection);
            command.Parameters.AddWithValue("key", _key);
            await command.ExecuteScalarAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The session is gone already (the connection broke or was closed), and its lock with it.
        }
        await _connection.DisposeAsync();
    }
}

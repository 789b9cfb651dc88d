using GitActors.Actors.Journal.Locking;
using Npgsql;

namespace GitActors.Actors.Tests.Journal.Locking;

/// <summary>
/// The advisory lock is per session, so two locks taken in this one process conflict as two processes' would (the
/// real-process tests, kill -9 included, are JournalLockTests in GitActors.Host.Tests).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSweepLockTests(PostgresServer server)
{
    private static JournalLockHolder Holder(string sweepId, int pid) => new("node-a", pid, new DateTimeOffset(2026, 12, 1, 7, 0, 0, TimeSpan.Zero), sweepId);

    [Fact]
    public async Task A_second_writer_of_the_same_sweep_is_refused_naming_the_first_and_other_sweeps_are_free()
    {
        var connection = server.CreateDatabase("locks");
        await using (var first = await PostgresSweepLock.AcquireAsync(connection, Holder("sweep-a", 11), CancellationToken.None))
        {
            var refused = await Assert.ThrowsAsync<JournalLockedException>(() => PostgresSweepLock.AcquireAsync(connection, Holder("sweep-a", 22), CancellationToken.None));
            Assert.Equal(Holder("sweep-a", 11), refused.Holder);
            Assert.Contains($"sweep sweep-a in the journal postgresql://127.0.0.1:{server.Port}/", refused.Message);
            Assert.Contains("is in use by pid 11 on host node-a since 2026-12-01 07:00:00Z; ", refused.Message);

            // Another sweep of the same database has its own lock.
            await using var other = await PostgresSweepLock.AcquireAsync(connection, Holder("sweep-b", 22), CancellationToken.None);
        }

        // Released: the next writer takes it.
        await using var next = await PostgresSweepLock.AcquireAsync(connection, Holder("sweep-a", 33), CancellationToken.None);
    }

    [Fact]
    public async Task The_lock_dies_with_its_session()
    {
        var connection = server.CreateDatabase("locks");
        await using var held = await PostgresSweepLock.AcquireAsync(connection, Holder("sweep-a", 11), CancellationToken.None);

        // What a kill -9 of the holder amounts to on the server: its session ends.
        await using (var admin = new NpgsqlConnection(connection))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE application_name = @name", admin);
            kill.Parameters.AddWithValue("name", Holder("sweep-a", 11).ToApplicationName());
            Assert.Equal(true, await kill.ExecuteScalarAsync());
        }

        await using var next = await PostgresSweepLock.AcquireAsync(connection, Holder("sweep-a", 22), CancellationToken.None);
    }

    [Fact]
    public void Keys_are_stable_and_differ_between_sweeps()
    {
        Assert.Equal(PostgresSweepLock.KeyFor("0123456789abcdef"), PostgresSweepLock.KeyFor("0123456789abcdef"));
        Assert.NotEqual(PostgresSweepLock.KeyFor("0123456789abcdef"), PostgresSweepLock.KeyFor("0123456789abcdee"));
    }
}

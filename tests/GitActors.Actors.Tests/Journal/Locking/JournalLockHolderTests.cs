using GitActors.Actors.Journal.Locking;

namespace GitActors.Actors.Tests.Journal.Locking;

public sealed class JournalLockHolderTests
{
    private static readonly JournalLockHolder Holder = new("vm", 4242, new DateTimeOffset(2026, 12, 1, 7, 38, 10, TimeSpan.Zero), "0123456789abcdef");

    [Fact]
    public void The_lock_file_line_reads_back_as_the_holder()
    {
        Assert.Equal("host=vm pid=4242 since=2026-12-01T07:38:10Z sweep=0123456789abcdef", Holder.ToLine());
        Assert.Equal(Holder, JournalLockHolder.FromLine(Holder.ToLine() + "\n"));
        Assert.Null(JournalLockHolder.FromLine("not a holder"));
        Assert.Equal("pid 4242 on host vm since 2026-12-01 07:38:10Z (sweep 0123456789abcdef)", Holder.Describe());
    }

    [Fact]
    public void The_application_name_fits_PostgreSQL_and_reads_back_with_the_sweep_it_locks()
    {
        Assert.Equal("gitactors 4242@vm 20261201T073810Z", Holder.ToApplicationName());
        Assert.Equal(Holder, JournalLockHolder.FromApplicationName(Holder.ToApplicationName(), Holder.SweepId));

        // A long host name is cut so the whole name stays within PostgreSQL's 63 bytes.
        var longHost = Holder with { Host = new string('h', 80) };
        var name = longHost.ToApplicationName();
        Assert.Equal(63, name.Length);
        Assert.Equal(4242, JournalLockHolder.FromApplicationName(name, "s")!.Pid);
        Assert.Null(JournalLockHolder.FromApplicationName("psql", "s"));
        Assert.Null(JournalLockHolder.FromApplicationName(null, "s"));
    }
}

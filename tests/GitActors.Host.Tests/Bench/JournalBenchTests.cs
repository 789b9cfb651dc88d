using GitActors.Host.Bench;

namespace GitActors.Host.Tests.Bench;

public class JournalBenchTests
{
    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        double[] values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

        Assert.Equal(5, JournalBench.Percentile(values, 0.50));   // ceil(0.5 * 10) = 5th value
        Assert.Equal(10, JournalBench.Percentile(values, 0.99));  // ceil(9.9) = 10th
        Assert.Equal(1, JournalBench.Percentile(values, 0.01));   // ceil(0.1) = 1st
        Assert.True(double.IsNaN(JournalBench.Percentile([], 0.5)));
    }

    [Fact]
    public void Events_look_like_one_runs_epochs()
    {
        var events = JournalBench.Events(3);

        Assert.Equal([1, 2, 3], events.Select(e => e.Epoch));
        Assert.All(events, e => Assert.Matches("^[0-9a-f]{64}$", e.CheckpointSha256));
        Assert.Equal(3, events.Select(e => e.CheckpointPath).Distinct().Count());
        Assert.True(events[0].TrainLoss > events[2].TrainLoss && events[0].BalancedAccuracy < events[2].BalancedAccuracy);
    }

    [Fact]
    public async Task Both_modes_persist_every_event_into_a_temp_sqlite_journal()
    {
        var results = await JournalBench.Sqlite(events: 40, window: 8, warmup: 5);

        Assert.Equal([(JournalBench.Mode.Persist, 1), (JournalBench.Mode.PersistAsync, 8)], results.Select(r => (r.Mode, r.InFlight)));
        Assert.All(results, r =>
        {
            Assert.Equal(("sqlite", 40), (r.Store, r.Events));
            Assert.Equal(40 / r.Seconds, r.EventsPerSecond, 6);
            Assert.InRange(r.P50Ms, 0.0, r.P99Ms);
            Assert.True(r.P99Ms <= r.Seconds * 1000, "no event waits longer than the whole run");
        });
    }
}

using Akka.Actor;
using GitActors.Actors.Cluster;
using GitActors.Actors.Journal;
using GitActors.Actors.Sweeps;
using GitActors.Actors.Tests.Engine;

namespace GitActors.Actors.Tests.Cluster;

/// <summary>Several ActorSystems in one process form a cluster: the coordinator singleton hands work to trainers on
/// other members, re-queues the runs of a member that dies, and ignores reports from the attempts it superseded.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterSweepTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gitactors-cluster-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }

    private static SweepPlan Plan(string id, int runs, int epochs) =>
        new(id, id, Enumerable.Range(1, runs).Select(seed => TestRuns.Run(seed, epochs)).ToList(), EngineSettings.Default);

    /// <summary>
    /// The sweep's events so far. The journal creates its table when the coordinator first persists, which on a loaded
    /// machine can come after the first poll: a missing table is "nothing yet", any other database error fails the test.
    /// </summary>
    private static async Task<IReadOnlyList<ISweepEvent>> Events(JournalSettings journal, string sweepId)
    {
        await using var reader = JournalReader.Open(journal);
        try
        {
            return (await reader.SweepEvents(sweepId)).Select(e => e.Event).ToList();
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.Message.Contains("no such table: journal", StringComparison.Ordinal))
        {
            return [];
        }
    }

    [Fact]
    public async Task Runs_are_assigned_to_trainers_on_other_members()
    {
        await using var cluster = new LocalCluster(_folder) { Workloads = new FakeWorkloadFactory { StepDelay = TimeSpan.FromMilliseconds(30) } };
        var coordinator = cluster.StartCoordinator();
        cluster.StartTrainer("node-b");
        cluster.StartTrainer("node-c");
        await cluster.WaitUntilUp(TimeSpan.FromSeconds(20));

        var plan = Plan("spread", runs: 4, epochs: 2);
        var status = await ClusterSweepClient.SubmitAndFollow(coordinator.System, coordinator.Coordinator, plan, "", "")
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(status.Finished);
        Assert.All(status.Runs, r => Assert.Equal(RunPhase.Completed, r.Phase));
        var events = await Events(cluster.Journal, plan.SweepId);
        var nodes = events.OfType<RunStarted>().Select(s => s.Node).Distinct().Order().ToList();
        Assert.Equal(["node-b", "node-c"], nodes);
        Assert.All(plan.Runs, r => Assert.Single(events.OfType<RunCompleted>(), c => c.RunId == r.RunId));
    }

    [Fact]
    public async Task A_crashed_members_run_is_requeued_and_resumes_elsewhere_and_its_stale_reports_are_ignored()
    {
        // 3 steps per epoch at 150 ms: an epoch takes about half a second, a run of 4 epochs two seconds.
        await using var cluster = new LocalCluster(_folder) { Workloads = new FakeWorkloadFactory { StepDelay = TimeSpan.FromMilliseconds(150) } };
        var coordinator = cluster.StartCoordinator();
        var survivor = cluster.StartTrainer("node-b");
        var victim = cluster.StartTrainer("node-c", crashable: true);
        await cluster.WaitUntilUp(TimeSpan.FromSeconds(20));

        var plan = Plan("crash", runs: 2, epochs: 4);
        var sweep = ClusterSweepClient.SubmitAndFollow(coordinator.System, coordinator.Coordinator, plan, "", "");

        // Wait for the victim's run to checkpoint an epoch, then stop its system without leaving the cluster.
        RunStarted? lost = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (lost is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "node-c never completed an epoch");
            await Task.Delay(100);
            var events = await Events(cluster.Journal, plan.SweepId);
            lost = events.OfType<RunStarted>().FirstOrDefault(s => s.Node == "node-c"
                && events.OfType<EpochCompleted>().Any(c => c.RunId == s.RunId && c.FencingToken == s.FencingToken));
        }
        await cluster.Crash(victim);

        // Once the run is reassigned, a late report from the crashed attempt must be refused.
        RunStarted? retry = null;
        deadline = DateTime.UtcNow.AddSeconds(30);
        while (retry is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the lost run was never reassigned");
            await Task.Delay(100);
            retry = (await Events(cluster.Journal, plan.SweepId)).OfType<RunStarted>()
                .FirstOrDefault(s => s.RunId == lost.RunId && s.FencingToken > lost.FencingToken);
        }
        var stale = new RunSucceeded(lost.RunId, lost.Attempt, lost.FencingToken, TestRuns.Result(4));
        var answer = await survivor.Coordinator.Ask<AttemptSuperseded>(stale, TimeSpan.FromSeconds(10));
        Assert.Equal((lost.RunId, lost.FencingToken), (answer.RunId, answer.FencingToken));

        var status = await sweep.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(status.Runs, r => Assert.Equal(RunPhase.Completed, r.Phase));
        var final = (await Events(cluster.Journal, plan.SweepId)).ToList();
        Assert.Equal("node-b", retry.Node);
        Assert.True(retry.ResumeFromEpoch >= 1, $"the reassigned run resumed from epoch {retry.ResumeFromEpoch}");
        Assert.Empty(final.OfType<RunFailed>());
        Assert.All(plan.Runs, r => Assert.Single(final.OfType<RunCompleted>(), c => c.RunId == r.RunId));
        var completed = final.OfType<RunCompleted>().Single(c => c.RunId == lost.RunId);
        Assert.Equal(retry.FencingToken, completed.FencingToken);
        Assert.Contains(final, e => e is RunQueued q && q.RunId == lost.RunId
            && final.IndexOf(q) > final.IndexOf(final.OfType<RunStarted>().First(s => s.FencingToken == lost.FencingToken)));
    }
}

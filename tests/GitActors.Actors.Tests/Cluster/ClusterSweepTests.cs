using GitActors.Actors.Cluster;
using GitActors.Actors.Tests.Training;

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

    /// <summary>Ids as a sweep file's expansion makes them (hashes of the content): members refuse anything else.</summary>
    private static SweepPlan Plan(string name, int runs, int epochs)
    {
        var planned = Enumerable.Range(1, runs).Select(seed => TestRuns.Run(seed, epochs))
            .Select(r => r with { RunId = RunIdentity.RunId(r.Config) }).ToList();
        return new(RunIdentity.SweepId(name, planned.Select(r => r.RunId)), name, planned, EngineSettings.Default);
    }

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

    /// <summary>
    /// Polls the journal until <paramref name="find"/> sees what it looks for. Only used for states that, once
    /// reached, stay: the poll's timing decides how soon the test sees them, never whether.
    /// </summary>
    private static async Task<T> WaitForJournal<T>(JournalSettings journal, string sweepId, Func<IReadOnlyList<ISweepEvent>, T?> find, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (find(await Events(journal, sweepId)) is { } found) return found;
            Assert.True(DateTime.UtcNow < deadline, what);
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_crashed_members_run_is_requeued_and_resumes_elsewhere_and_its_stale_reports_are_ignored()
    {
        // The fixed point: run 1's first attempt blocks before epoch 2's first step, after epoch 1 is checkpointed.
        // Which member it landed on decides the victim, so both trainers are crashable.
        var workloads = new FakeWorkloadFactory { StepDelay = TimeSpan.FromMilliseconds(150), StallFirstAttemptAt = (1, 2, 0) };
        await using var cluster = new LocalCluster(_folder) { Workloads = workloads };
        var coordinator = cluster.StartCoordinator();
        var trainers = new Dictionary<string, ClusterNode>
        {
            ["node-b"] = cluster.StartTrainer("node-b", crashable: true),
            ["node-c"] = cluster.StartTrainer("node-c", crashable: true),
        };
        await cluster.WaitUntilUp(TimeSpan.FromSeconds(20));

        var plan = Plan("crash", runs: 2, epochs: 4);
        var sweep = ClusterSweepClient.SubmitAndFollow(coordinator.System, coordinator.Coordinator, plan, "", "");

        Assert.True(workloads.Stuck.Wait(TimeSpan.FromSeconds(60)), "run 1 never reached epoch 2");
        var lost = await WaitForJournal(cluster.Journal, plan.SweepId, events => events.OfType<RunStarted>().FirstOrDefault(s => s.RunId == plan.Runs[0].RunId
            && events.OfType<EpochCompleted>().Any(c => c.RunId == s.RunId && c.FencingToken == s.FencingToken && c.Epoch == 1)),
            "run 1's start and first epoch never reached the journal");
        var survivor = trainers.Single(t => t.Key != lost.Node);

        // Stop the victim's system without leaving the cluster. The stuck step is let go once the stop is under way:
        // the actor stops before its next step (the victim would need 7 more steps of 150 ms to finish the run).
        var crashing = cluster.Crash(trainers[lost.Node]);
        workloads.Unstick.Set();
        await crashing;

        // Once the run is reassigned, a late report from the crashed attempt must be refused.
        var retry = await WaitForJournal(cluster.Journal, plan.SweepId, events => events.OfType<RunStarted>()
            .FirstOrDefault(s => s.RunId == lost.RunId && s.FencingToken > lost.FencingToken), "the lost run was never reassigned");
        var stale = new RunSucceeded(plan.SweepId, lost.RunId, lost.Attempt, lost.FencingToken, TestRuns.Result(4));
        var answer = await survivor.Value.Coordinator.Ask<AttemptSuperseded>(stale, TimeSpan.FromSeconds(10));
        Assert.Equal((lost.RunId, lost.FencingToken), (answer.RunId, answer.FencingToken));

        var status = await sweep.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(status.Runs, r => Assert.Equal(RunPhase.Completed, r.Phase));
        var final = (await Events(cluster.Journal, plan.SweepId)).ToList();
        Assert.Equal(survivor.Key, retry.Node);
        Assert.Equal(1, retry.ResumeFromEpoch);
        Assert.Empty(final.OfType<RunFailed>());
        Assert.All(plan.Runs, r => Assert.Single(final.OfType<RunCompleted>(), c => c.RunId == r.RunId));
        var completed = final.OfType<RunCompleted>().Single(c => c.RunId == lost.RunId);
        Assert.Equal(retry.FencingToken, completed.FencingToken);
        Assert.Contains(final, e => e is RunQueued q && q.RunId == lost.RunId
            && final.IndexOf(q) > final.IndexOf(final.OfType<RunStarted>().First(s => s.FencingToken == lost.FencingToken)));
    }
}

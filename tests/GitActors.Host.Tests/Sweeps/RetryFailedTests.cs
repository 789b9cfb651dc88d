namespace GitActors.Host.Tests.Sweeps;

/// <summary>
/// `sweep retry-failed` with real processes: a run is made to fail for good (an injected failure in its second epoch,
/// max-attempts 1), so `sweep run` ends with exit 1; with the cause gone (plain gitactors), `sweep retry-failed`
/// journals the retry, trains that run from its last checkpoint with a fresh attempt, and the sweep ends with every
/// run completed exactly once and exit 0.
/// </summary>
[Collection(RealProcessCollection.Name)]
public sealed class RetryFailedTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Phase = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_run_that_failed_for_good_is_retried_after_the_cause_is_removed_and_completes()
    {
        using var temp = new TempFolder();
        var spec = temp.File("tiny.conf", TinySweep.Text.Replace("max-attempts = 3", "max-attempts = 1"));
        var sweepId = TinySweep.SweepId(spec);
        var outFolder = Path.Combine(temp.Path, "out");
        string[] engine = ["--out", outFolder, "--cpu-slots", "1", "--threads-per-slot", "1"];

        int code;
        using (var failing = CliProcess.StartFailing(temp.Path, "step:2:0", "any", ["sweep", "run", spec, .. engine]))
        {
            code = await failing.WaitForExitAsync(Phase);
            output.WriteLine(failing.Stdout);
            Assert.True(code == 1, $"exit {code}\n{failing.Stdout}\n{failing.Stderr}");
            Assert.Contains("1 completed, 1 failed of 2 runs", failing.Stdout);
        }
        var failed = Assert.Single((await TinySweep.EventsAsync(outFolder, sweepId)).OfType<RunFailed>());
        Assert.False(failed.WillRetry);
        Assert.Contains("injected failure at step:2:0", failed.Reason);

        var (retryCode, stdout, stderr) = await CliProcess.RunAsync(temp.Path, Phase, ["sweep", "retry-failed", sweepId, .. engine]);
        output.WriteLine(stdout);
        Assert.True(retryCode == 0, $"exit {retryCode}\n{stdout}\n{stderr}");
        Assert.Contains("retrying 1 failed run(s) with a fresh attempt budget", stdout);
        Assert.Contains("2 completed, 0 failed of 2 runs", stdout);

        var events = await TinySweep.EventsAsync(outFolder, sweepId);
        var retried = Assert.Single(events.OfType<RunRetryRequested>());
        Assert.Equal((failed.RunId, 1), (retried.RunId, retried.PreviousFailures));
        Assert.Contains("injected failure", retried.PreviousError);
        var run = events.OfType<IRunEvent>().Where(e => e.RunId == failed.RunId).ToList();
        // After the retry: queued, a new attempt from the epoch-1 checkpoint, and exactly one completion.
        var afterRetry = run.SkipWhile(e => e is not RunRetryRequested).ToList();
        Assert.IsType<RunQueued>(afterRetry[1]);
        var attempt = Assert.IsType<RunStarted>(afterRetry[2]);
        Assert.Equal((2, 1), (attempt.Attempt, attempt.ResumeFromEpoch));
        Assert.Single(run.OfType<RunCompleted>());
        Assert.Equal(2, events.OfType<RunCompleted>().Count());
        // The sweep ended twice: 1/1 before the retry, 2/0 after it.
        Assert.Equal([(1, 1), (2, 0)], events.OfType<SweepCompleted>().Select(c => (c.Completed, c.Failed)));

        // Nothing is left to retry: a second retry-failed says so and trains nothing.
        var again = await CliProcess.RunAsync(temp.Path, Phase, ["sweep", "retry-failed", sweepId, .. engine]);
        Assert.True(again.Code == 0, $"exit {again.Code}\n{again.Stdout}\n{again.Stderr}");
        Assert.Contains("no run has failed for good; nothing to retry", again.Stdout);
        Assert.Equal(events.Count, (await TinySweep.EventsAsync(outFolder, sweepId)).Count);
    }
}

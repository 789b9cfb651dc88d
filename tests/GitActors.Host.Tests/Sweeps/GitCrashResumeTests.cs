using System.Diagnostics;
using GitActors.Models.Experiments.Protocol;
using GitActors.Models.Experiments.Sweeps;

namespace GitActors.Host.Tests.Sweeps;

/// <summary>
/// A GIT sweep (ce+drs and ce+drs+git on fmnist-bg-lt, with its MUNIT job) through real `gitactors` processes, killed
/// with kill -9 at three named fault points (inside the MUNIT job's second block; while the job's generator is being
/// written; inside the GIT run's second epoch), then resumed to the end: every run (the job included) completes exactly
/// once, both killed runs resume from a checkpoint instead of starting over, the generator is recorded once, and every
/// run, the GIT run included, ends with exactly the metrics (eKLD under T~ and under T too) and the generator bytes of
/// an uninterrupted process.
/// </summary>
[Collection(RealProcessCollection.Name)]
public sealed class GitCrashResumeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Phase = TimeSpan.FromMinutes(3);

    // A small MUNIT (base width 8 instead of 64) keeps its blocks fast and its checkpoints small; 3 blocks of 2 steps.
    private static readonly string Spec = TinySweep.Spec("git-crash-test", methods: "\"ce+drs\", \"ce+drs+git\"",
        transformsPerImage: 3, munit: "steps = 6, checkpoint-every = 2, dim = 8");

    [Fact]
    public async Task Killed_during_the_MUNIT_job_its_generator_write_and_the_GIT_run_the_sweep_ends_like_an_uninterrupted_one()
    {
        using var temp = new TempFolder();
        var spec = temp.File("git.conf", Spec);
        var sweepId = TinySweep.SweepId(spec);
        var reference = Path.Combine(temp.Path, "reference");
        var folder = Path.Combine(temp.Path, "out");
        var journal = TinySweep.Journal(folder);
        var clock = Stopwatch.StartNew();

        // The reference: one uninterrupted process.
        using (var whole = Start(temp, null, null, "run", spec, reference))
        {
            var exit = await whole.WaitForExitAsync(Phase);
            Assert.True(exit == 0, $"reference run failed ({exit}):\n{whole.Stdout}\n{whole.Stderr}");
        }
        Lap(clock, "reference sweep (MUNIT job, plain and GIT run)");

        // (1) kill -9 inside the MUNIT job's second block, after its first block is checkpointed and recorded.
        string munitJob, gitRun;
        using (var first = Start(temp, "step:2:0", "munit", "run", spec, folder))
        {
            await first.WaitUntilHeldAsync("step:2:0", Phase);
            var runs = JournalProbe.Events(journal, sweepId).OfType<SweepStarted>().Single().Runs;
            munitJob = runs.Single(r => r.Config.Munit is not null).RunId;
            gitRun = runs.Single(r => r.NeedsGenerator()).RunId;
            Assert.Equal(3, runs.Count);
            // The supervisor persists the first block's EpochCompleted while the trainer is held in the second.
            var job = munitJob;
            var events = await JournalProbe.WaitForAsync(journal, sweepId,
                e => e.OfType<EpochCompleted>().Any(c => c.RunId == job), "the MUNIT job's first EpochCompleted", Phase, first);
            Assert.Single(events.OfType<EpochCompleted>(), e => e.RunId == munitJob);
            Assert.DoesNotContain(events.OfType<RunCompleted>(), e => e.RunId == munitJob);
            first.Kill();
        }
        Lap(clock, "(1) killed in the MUNIT job's second block");

        // (2) resume; kill -9 while the job's generator bytes are in a temporary file, not yet renamed into place.
        string generatorPath;
        using (var second = Start(temp, "generator-write", "munit", "resume", sweepId, folder))
        {
            await second.WaitUntilHeldAsync("generator-write", Phase);
            // The generator goes to the folder of the attempt writing it (its fencing token, from its RunStarted).
            var token = JournalProbe.Events(journal, sweepId).OfType<RunStarted>().Last(s => s.RunId == munitJob).FencingToken;
            generatorPath = CheckpointStore.ArtifactPath(folder, sweepId, munitJob, token, "generator.munit");
            Assert.False(File.Exists(generatorPath), "the generator is not in place before its write is complete");
            Assert.NotEmpty(Directory.GetFiles(Path.GetDirectoryName(generatorPath)!, ".generator.munit.*.tmp"));
            second.Kill();
        }
        var killed = JournalProbe.Events(journal, sweepId);
        Assert.Empty(killed.OfType<GeneratorRecorded>());
        Assert.DoesNotContain(killed.OfType<RunCompleted>(), e => e.RunId == munitJob);
        Assert.False(File.Exists(generatorPath), "a killed write leaves no generator file in place");
        Lap(clock, "(2) killed while writing the generator");

        // (3) resume; kill -9 inside the GIT run's second epoch (started after the generator was recorded).
        using (var third = Start(temp, "step:2:0", "git", "resume", sweepId, folder))
        {
            await third.WaitUntilHeldAsync("step:2:0", Phase);
            await JournalProbe.WaitForAsync(journal, sweepId,
                events => events.OfType<EpochCompleted>().Any(e => e.RunId == gitRun),
                "an EpochCompleted of the GIT run", Phase, third);
            third.Kill();
        }
        killed = JournalProbe.Events(journal, sweepId);
        Assert.DoesNotContain(killed.OfType<RunCompleted>(), e => e.RunId == gitRun);
        Assert.Single(killed.OfType<GeneratorRecorded>());
        Lap(clock, "(3) killed in the GIT run's second epoch");

        // (4) resume to the end.
        using (var last = Start(temp, null, null, "resume", sweepId, folder))
        {
            var exit = await last.WaitForExitAsync(Phase);
            Assert.True(exit == 0, $"final resume failed ({exit}):\n{last.Stdout}\n{last.Stderr}");
            Assert.Contains("3 completed, 0 failed of 3 runs", last.Stdout);
        }
        Lap(clock, "(4) final resume to the end");

        var all = await TinySweep.EventsAsync(folder, sweepId);
        var planned = all.OfType<SweepStarted>().First().Runs;
        foreach (var run in planned)
        {
            var events = all.OfType<IRunEvent>().Where(e => e.RunId == run.RunId).ToList();
            var completed = Assert.Single(events.OfType<RunCompleted>());
            // Nothing is trained after a run completed: no attempt starts, no epoch is recorded.
            var after = events.Skip(events.IndexOf(completed) + 1).ToList();
            Assert.Empty(after.OfType<RunStarted>());
            Assert.Empty(after.OfType<EpochCompleted>());
        }

        // The generator was recorded once, by the job, before the GIT run ever started.
        var generator = Assert.Single(all.OfType<GeneratorRecorded>());
        Assert.Equal(munitJob, generator.RunId);
        Assert.True(File.Exists(generator.Path), $"the recorded generator {generator.Path} is on disk");
        var gitStarts = all.OfType<RunStarted>().Where(e => e.RunId == gitRun).ToList();
        Assert.All(gitStarts, s => Assert.True(IndexOf(all, s) > IndexOf(all, generator), "a GIT attempt started before the generator was recorded"));

        // Both killed runs resumed from a checkpoint rather than from scratch.
        var munitStarts = all.OfType<RunStarted>().Where(e => e.RunId == munitJob).ToList();
        Assert.True(munitStarts.Count >= 2, $"the MUNIT job was started {munitStarts.Count} time(s)");
        Assert.Equal(0, munitStarts[0].ResumeFromEpoch);
        Assert.True(munitStarts[^1].ResumeFromEpoch > 0, $"the MUNIT job's last attempt resumed from block {munitStarts[^1].ResumeFromEpoch}");
        Assert.True(gitStarts.Count >= 2, $"the GIT run was started {gitStarts.Count} time(s)");
        Assert.True(gitStarts[^1].ResumeFromEpoch > 0, $"the GIT run's last attempt resumed from epoch {gitStarts[^1].ResumeFromEpoch}");
        // ... and each attempt trained from there: the epochs (MUNIT blocks) it recorded start right after its checkpoint.
        ResumeChecks.EveryAttemptStartsAfterItsCheckpoint(all);

        // The GIT run reports eKLD under the learned T~ (only the augmenter pool holds the generator) and under the true T.
        var gitResult = all.OfType<RunCompleted>().Single(e => e.RunId == gitRun).Result;
        Assert.Equal(2, gitResult.Ekld.Count);
        Assert.Contains(gitResult.Ekld, r => r.Transform == "munit");
        Assert.Contains(gitResult.Ekld, r => r.Transform != "munit");

        // Every run ends exactly as in the uninterrupted process: the GIT run's metrics, eKLD under T~ included, and the
        // generator's bytes.
        var expected = await TinySweep.EventsAsync(reference, sweepId);
        Assert.Equal(Assert.Single(expected.OfType<GeneratorRecorded>()).Sha256, generator.Sha256);
        foreach (var run in planned)
        {
            var want = expected.OfType<RunCompleted>().Single(e => e.RunId == run.RunId).Result;
            var got = all.OfType<RunCompleted>().Single(e => e.RunId == run.RunId).Result;
            Assert.Equal(want.BalancedAccuracy, got.BalancedAccuracy);
            Assert.Equal(want.Top1, got.Top1);
            Assert.Equal(want.PerClassAccuracy, got.PerClassAccuracy);
            // The plain run too: it waits for the generator, so it reports eKLD under T~ however the kills reordered it.
            var shared = want.Ekld.Select(r => r.Transform).ToList();
            Assert.Equal(shared, got.Ekld.Select(r => r.Transform));
            foreach (var transform in shared)
            {
                var (w, g) = (want.Ekld.Single(r => r.Transform == transform), got.Ekld.Single(r => r.Transform == transform));
                Assert.Equal(w.PerClassEkld, g.PerClassEkld);
                Assert.Equal(w.PerClassArgmaxAgreement, g.PerClassArgmaxAgreement);
            }
            var wantEpochs = expected.OfType<EpochCompleted>().Where(e => e.RunId == run.RunId).Select(e => (e.Epoch, e.TrainLoss, e.BalancedAccuracy));
            var gotEpochs = all.OfType<EpochCompleted>().Where(e => e.RunId == run.RunId).GroupBy(e => e.Epoch).Select(g => g.Last())
                .Select(e => (e.Epoch, e.TrainLoss, e.BalancedAccuracy)).OrderBy(e => e.Epoch);
            Assert.Equal(wantEpochs, gotEpochs);
        }

        Assert.Empty(all.OfType<RunFailed>());
        Assert.Empty(all.OfType<DependencyFailed>());
        Assert.Single(all.OfType<SweepCompleted>());
        output.WriteLine($"MUNIT job resumed from block {munitStarts[^1].ResumeFromEpoch}, GIT run from epoch {gitStarts[^1].ResumeFromEpoch}; " +
                         $"eKLD reports {string.Join(", ", gitResult.Ekld.Select(r => r.Transform))}; total {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static int IndexOf(IReadOnlyList<ISweepEvent> events, ISweepEvent e) => events.ToList().IndexOf(e);

    /// <summary>`sweep VERB TARGET` on one CPU slot, held at <paramref name="point"/> in a run of kind <paramref name="runs"/> when given.</summary>
    private static CliProcess Start(TempFolder temp, string? point, string? runs, string verb, string target, string outputFolder)
    {
        string[] args = ["sweep", verb, target, "--out", outputFolder, "--threads-per-slot", "1", "--cpu-slots", "1"];
        return point is null ? CliProcess.Start(temp.Path, args) : CliProcess.StartHeld(temp.Path, point, runs!, args);
    }

    private void Lap(Stopwatch clock, string what)
    {
        output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  {what}");
        Console.WriteLine($"[git crash test] {clock.Elapsed.TotalSeconds,6:F1} s  {what}");
    }
}

using GitActors.Actors.Augmentation;
using GitActors.Actors.Training;
using GitActors.Models.Experiments.Faults;

namespace GitActors.Actors.Hosting;

/// <summary>
/// What a run of the CLI needs besides the plan: where checkpoints go, the persistence config (JournalConfig.Build),
/// HOCON overrides, the spec as given (recorded in SweepStarted), the device environment (null: TorchSharp's), the fault-point test seam (null: none),
/// and whether runs that failed for good are queued again first (`sweep retry-failed`; Retried hears which).
/// </summary>
public sealed record SweepRunOptions(
    string OutputRoot,
    Config? Persistence = null,
    Config? Overrides = null,
    string SpecPath = "",
    string SpecText = "",
    IDeviceEnvironment? Devices = null,
    IFaultPoints? Faults = null,
    bool RetryFailed = false,
    Action<FailedRunsRequeued>? Retried = null);

/// <summary>
/// The facade the CLI uses: start a sweep, or resume it (the supervisor recovers from the journal and a repeated
/// StartSweep only acknowledges), show progress, and finish with the final status. Cancelling leaves interrupted
/// runs in the journal; running the same plan again resumes them from their last checkpoint.
/// </summary>
public static class SweepRunner
{
    private static readonly TimeSpan TerminateBound = TimeSpan.FromSeconds(30);

    /// <summary>Runs the sweep in its own ActorSystem, terminated at the end.</summary>
    public static async Task<SweepStatus> RunAsync(SweepPlan plan, IRunWorkloadFactory factory, SweepRunOptions options,
        IProgress<SweepProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var system = EngineSystem.Create("gitactors", options.Persistence, options.Overrides);
        try
        {
            return await RunAsync(system, plan, factory, options, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // A trainer retired after a stall may never return from native code, and the system waits for every actor
            // to stop: past the bound the process goes on (the trainer threads are background threads).
            await system.Terminate().WaitAsync(TerminateBound).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the sweep in a system the caller owns (built by EngineSystem, so the trainer dispatcher exists).</summary>
    public static async Task<SweepStatus> RunAsync(ActorSystem system, SweepPlan plan, IRunWorkloadFactory factory, SweepRunOptions options,
        IProgress<SweepProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var config = system.Settings.Config;
        var supervisor = system.ActorOf(SweepSupervisor.Props(plan.SweepId, plan.Engine, options.Faults), $"sweep-{plan.SweepId}");
        var (relay, subscribed, finished) = Follow(system, plan.SweepId, supervisor, progress);
        IActorRef? devices = null;
        IActorRef? augmenters = null;
        try
        {
            // Before StartSweep, so a finished sweep with failed runs is open again when it acknowledges.
            if (options.RetryFailed)
            {
                var retried = await AskAsync(supervisor, RetryFailedRuns.Instance, finished.Task, cancellationToken).ConfigureAwait(false);
                if (retried is Status.Failure refused) throw refused.Cause;
                options.Retried?.Invoke((FailedRunsRequeued)retried);
                // The relay may have subscribed before the retry reopened the sweep and been told it had finished:
                // follow it afresh (the supervisor applied the retry before it answered, so this one sees it open).
                system.Stop(relay);
                (relay, subscribed, finished) = Follow(system, plan.SweepId, supervisor, progress);
            }
            var ack = await AskAsync(supervisor, new StartSweep(plan, options.SpecPath, options.SpecText), finished.Task, cancellationToken).ConfigureAwait(false);
            if (ack is Status.Failure failure) throw failure.Cause;
            if (ack is SweepStartAcknowledged { AlreadyFinished: true })
                return await finished.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            // Trainers only once the relay is subscribed, so the caller sees every progress report from the first chunk on.
            await Task.WhenAny(subscribed.Task, finished.Task).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (finished.Task.IsFaulted) await finished.Task.ConfigureAwait(false);
            // A sweep with MUNIT jobs evaluates (and GIT-trains) under T~: its trainers share this node's augmenter pool.
            if (plan.Runs.Any(r => r.MunitJob is not null))
                augmenters = system.ActorOf(AugmenterPool.Props(AugmenterSettings.FromConfig(config)), "augmenters");
            devices = system.ActorOf(DeviceManager.Props(supervisor, factory, DeviceSettings.FromConfig(config),
                TrainerSettings.FromConfig(config, options.OutputRoot) with { Faults = options.Faults ?? NoFaultPoints.Instance },
                options.Devices, augmenters), "devices");
            return await finished.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (devices is not null) await StopAsync(devices).ConfigureAwait(false);
            if (augmenters is not null) await StopAsync(augmenters).ConfigureAwait(false);
            system.Stop(relay);
            await StopAsync(supervisor).ConfigureAwait(false);
        }
    }

    private static (IActorRef Relay, TaskCompletionSource Subscribed, TaskCompletionSource<SweepStatus> Finished) Follow(
        ActorSystem system, string sweepId, IActorRef supervisor, IProgress<SweepProgress>? progress)
    {
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = new TaskCompletionSource<SweepStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        return (system.ActorOf(ProgressRelay.Props(sweepId, supervisor, progress, subscribed, finished)), subscribed, finished);
    }

    /// <summary>A supervisor that stops (its journal failed) never answers: its end, not the ask's timeout, is the error.</summary>
    private static async Task<object> AskAsync(IActorRef supervisor, object message, Task<SweepStatus> finished, CancellationToken cancellationToken)
    {
        var ask = supervisor.Ask<object>(message, TimeSpan.FromMinutes(1), cancellationToken);
        if (await Task.WhenAny(ask, finished).ConfigureAwait(false) == finished && finished.IsFaulted) await finished.ConfigureAwait(false);
        return await ask.ConfigureAwait(false);
    }

    private static async Task StopAsync(IActorRef actor)
    {
        try
        {
            await actor.GracefulStop(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (TaskCanceledException)
        {
            // Stopping waits for a trainer's current chunk; past the timeout the system's termination takes over.
        }
    }
}

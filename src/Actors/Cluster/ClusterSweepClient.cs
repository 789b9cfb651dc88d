using Akka.Cluster.Tools.Singleton;
using GitActors.Actors.Journal.Locking;

namespace GitActors.Actors.Cluster;

/// <summary>
/// Submits a sweep to a running cluster and follows it to the end. The client joins as a member without roles:
/// it hosts nothing, does not vote in the split-brain resolver, and reaches the coordinator through the same
/// singleton proxy the trainers use, which finds the singleton wherever it moved. (ClusterClient would avoid
/// joining, but needs a receptionist on every node and a second, contact-point based, path to the coordinator.)
/// </summary>
public static class ClusterSweepClient
{
    public static async Task<SweepStatus> RunAsync(ClusterSettings settings, SweepPlan plan, string specPath, string specText,
        IProgress<SweepProgress>? progress = null, Config? overrides = null, CancellationToken cancellationToken = default)
    {
        var config = (overrides ?? Config.Empty)
            .WithFallback(ConfigurationFactory.ParseString("akka.loglevel = WARNING"))
            .WithFallback(ClusterConfig.Build(settings with { Roles = [] }));
        var system = ClusterTls.CreateSystem(config);
        try
        {
            var proxy = system.ActorOf(ClusterSingletonProxy.Props($"/user/{ClusterNode.ManagerName}",
                ClusterSingletonProxySettings.Create(system).WithRole(ClusterRoles.Coordinator)), ClusterNode.ProxyName);
            return await SubmitAndFollow(system, proxy, plan, specPath, specText, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance).ConfigureAwait(false);
        }
    }

    /// <summary>Submits through a coordinator proxy of a system the caller owns (tests, benchmarks).</summary>
    public static async Task<SweepStatus> SubmitAndFollow(ActorSystem system, IActorRef coordinator, SweepPlan plan, string specPath, string specText,
        IProgress<SweepProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var reply = await coordinator.Ask<object>(new SubmitSweep(plan, specPath, specText), TimeSpan.FromMinutes(2), cancellationToken)
            .ConfigureAwait(false);
        if (reply is SweepInUse inUse) throw new JournalLockedException($"the cluster did not admit sweep {inUse.SweepId}: {inUse.Reason}");
        if (reply is SweepRejected rejected) throw new ArgumentException($"the cluster rejected sweep {rejected.SweepId}: {rejected.Reason}");
        if (reply is not SweepStartAcknowledged) throw new InvalidOperationException($"unexpected answer to SubmitSweep: {reply.GetType().Name}");
        var finished = new TaskCompletionSource<SweepStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        var follower = system.ActorOf(SweepFollower.Props(coordinator, plan.SweepId, progress, finished));
        try
        {
            return await finished.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            system.Stop(follower);
        }
    }
}

/// <summary>Relays a sweep's progress to the caller; repeats FollowSweep so the subscription survives the coordinator moving.</summary>
internal sealed class SweepFollower : ReceiveActor, IWithTimers
{
    private sealed record Resubscribe
    {
        public static Resubscribe Instance { get; } = new();
    }

    public SweepFollower(IActorRef coordinator, string sweepId, IProgress<SweepProgress>? progress, TaskCompletionSource<SweepStatus> finished)
    {
        Receive<SweepProgress>(p => progress?.Report(p));
        Receive<SweepFinished>(f =>
        {
            finished.TrySetResult(f.Status);
            Context.Stop(Self);
        });
        Receive<UnknownSweep>(u =>
        {
            finished.TrySetException(new InvalidOperationException($"the cluster's coordinator does not know sweep {u.SweepId}"));
            Context.Stop(Self);
        });
        Receive<Resubscribe>(_ => coordinator.Tell(new FollowSweep(sweepId, Self)));
        coordinator.Tell(new FollowSweep(sweepId, Self));
        Timers.StartPeriodicTimer("follow", Resubscribe.Instance, TimeSpan.FromSeconds(3));
    }

    public static Props Props(IActorRef coordinator, string sweepId, IProgress<SweepProgress>? progress, TaskCompletionSource<SweepStatus> finished) =>
        Akka.Actor.Props.Create(() => new SweepFollower(coordinator, sweepId, progress, finished));

    public ITimerScheduler Timers { get; set; } = null!;
}

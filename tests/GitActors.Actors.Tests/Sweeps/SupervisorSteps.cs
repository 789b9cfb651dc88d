namespace GitActors.Actors.Tests.Sweeps;

/// <summary>The steps every supervisor test starts with, driven from the test's own TestKit.</summary>
internal static class SupervisorSteps
{
    /// <summary>A supervisor that has started <paramref name="plan"/> as a new sweep.</summary>
    public static IActorRef StartedSupervisor(this TestKitBase kit, SweepPlan plan)
    {
        var supervisor = kit.Sys.ActorOf(SweepSupervisor.Props(plan.SweepId, plan.Engine));
        supervisor.Tell(new StartSweep(plan, "sweep.conf", "text"));
        kit.ExpectMsg<SweepStartAcknowledged>(a => Assert.False(a.AlreadyStarted));
        return supervisor;
    }

    /// <summary>A probe registered as trainer <paramref name="device"/> of node "node".</summary>
    public static TestProbe RegisteredTrainer(this TestKitBase kit, IActorRef supervisor, string device = "cpu-0")
    {
        var probe = kit.CreateTestProbe();
        supervisor.Tell(new RegisterTrainer(probe.Ref, "node", device));
        probe.ExpectMsg<TrainerRegistered>();
        return probe;
    }

    /// <summary>A probe that gets every progress snapshot and the SweepFinished.</summary>
    public static TestProbe ProgressWatcher(this TestKitBase kit, IActorRef supervisor)
    {
        var watcher = kit.CreateTestProbe();
        supervisor.Tell(new SubscribeProgress(watcher.Ref));
        return watcher;
    }

    public static SweepStatus StatusOf(this TestKitBase kit, IActorRef supervisor)
    {
        supervisor.Tell(GetSweepStatus.Instance);
        return kit.ExpectMsg<SweepStatus>();
    }
}

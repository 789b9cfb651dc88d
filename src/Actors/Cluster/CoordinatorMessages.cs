namespace GitActors.Actors.Cluster;

// The sweep coordinator's own protocol: clients submit and follow sweeps, trainer nodes enlist their trainers.
// Trainer reports (EpochReport, RunSucceeded, ...) keep the engine's SupervisorMessages and are routed unchanged.

/// <summary>Messages to and from the coordinator that cross the network (bound to ClusterMessageSerializer).</summary>
public interface ICoordinatorMessage;

/// <summary>Start (or resume) a sweep on the cluster; answered by SweepStartAcknowledged or SweepRejected.</summary>
public sealed record SubmitSweep(SweepPlan Plan, string SpecPath, string SpecText) : ICoordinatorMessage;

public sealed record SweepRejected(string SweepId, string Reason) : ICoordinatorMessage;

/// <summary>Another process is writing this sweep (its writer lock is held): nothing was admitted; Reason names the holder.</summary>
public sealed record SweepInUse(string SweepId, string Reason) : ICoordinatorMessage;

/// <summary>Send the sweep's SweepProgress and SweepFinished to Subscriber. Idempotent: followers repeat it so a
/// subscription survives the coordinator moving to another node.</summary>
public sealed record FollowSweep(string SweepId, IActorRef Subscriber) : ICoordinatorMessage;

/// <summary>A sweep the coordinator does not know (never submitted).</summary>
public sealed record UnknownSweep(string SweepId) : ICoordinatorMessage;

/// <summary>The coordinator accepted this trainer: the node's registrar stops repeating its registration.</summary>
public sealed record TrainerEnlisted(IActorRef Trainer) : ICoordinatorMessage;

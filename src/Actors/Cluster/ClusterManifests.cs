namespace GitActors.Actors.Cluster;

/// <summary>
/// Every type that crosses the wire between members (or is persisted by the coordinator) and its short versioned
/// manifest. A type missing here cannot be sent: ClusterMessageSerializer refuses it rather than fall back to type names.
/// </summary>
public static class ClusterManifests
{
    private static readonly Dictionary<Type, string> ByType = new()
    {
        [typeof(RegisterTrainer)] = "register-trainer.v1",
        [typeof(TrainerRegistered)] = "trainer-registered.v1",
        [typeof(RequestWork)] = "request-work.v1",
        [typeof(WorkAssigned)] = "work-assigned.v1",
        [typeof(AttemptSuperseded)] = "attempt-superseded.v2",
        [typeof(EpochReport)] = "epoch-report.v2",
        [typeof(CheckpointRejectedReport)] = "checkpoint-rejected-report.v2",
        [typeof(RunSucceeded)] = "run-succeeded.v2",
        [typeof(RunErrored)] = "run-errored.v2",
        [typeof(AttemptAbandoned)] = "attempt-abandoned.v2",
        [typeof(AttemptFaulted)] = "attempt-faulted.v1",
        [typeof(TrainerProgress)] = "trainer-progress.v2",
        [typeof(RetireTrainer)] = "retire-trainer.v1",
        [typeof(TrainerRetired)] = "trainer-retired.v1",
        [typeof(SweepStartAcknowledged)] = "sweep-start-acknowledged.v1",
        [typeof(GetSweepStatus)] = "get-sweep-status.v1",
        [typeof(SweepStatus)] = "sweep-status.v1",
        [typeof(SubscribeProgress)] = "subscribe-progress.v1",
        [typeof(UnsubscribeProgress)] = "unsubscribe-progress.v1",
        [typeof(SweepProgress)] = "sweep-progress.v1",
        [typeof(SweepFinished)] = "sweep-finished.v1",
        [typeof(SubmitSweep)] = "submit-sweep.v1",
        [typeof(SweepRejected)] = "sweep-rejected.v1",
        [typeof(SweepInUse)] = "sweep-in-use.v1",
        [typeof(FollowSweep)] = "follow-sweep.v1",
        [typeof(UnknownSweep)] = "unknown-sweep.v1",
        [typeof(TrainerEnlisted)] = "trainer-enlisted.v1",
        [typeof(SweepAdmitted)] = "coordinator-sweep-admitted.v1",
        [typeof(SweepClosed)] = "coordinator-sweep-closed.v1",
    };

    private static readonly Dictionary<string, Type> ByManifest = ByType.ToDictionary(pair => pair.Value, pair => pair.Key);

    public static IReadOnlyDictionary<Type, string> All => ByType;

    public static string Of(Type type) =>
        ByType.TryGetValue(type, out var manifest)
            ? manifest
            : throw new ArgumentException($"{type.FullName} has no cluster manifest; add it to {nameof(ClusterManifests)}");

    public static bool TryGetType(string manifest, out Type type) => ByManifest.TryGetValue(manifest, out type!);
}

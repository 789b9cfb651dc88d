using GitActors.Models.Experiments.Events;

namespace GitActors.Actors.Journal;

/// <summary>
/// The one table of persisted types and their short versioned manifests. A changed record shape gets a new
/// manifest (".v2") and an upcaster in EventSerializer; existing manifests are never reused for another shape.
/// </summary>
public static class EventManifests
{
    private static readonly Dictionary<Type, string> ByType = new()
    {
        [typeof(SweepStarted)] = "sweep-started.v1",
        [typeof(RunQueued)] = "run-queued.v1",
        [typeof(RunStarted)] = "run-started.v1",
        [typeof(EpochCompleted)] = "epoch-completed.v1",
        [typeof(CheckpointRejected)] = "checkpoint-rejected.v1",
        [typeof(RunCompleted)] = "run-completed.v1",
        [typeof(RunFailed)] = "run-failed.v1",
        [typeof(RunStalled)] = "run-stalled.v1",
        [typeof(GeneratorRecorded)] = "generator-recorded.v1",
        [typeof(BankRecorded)] = "bank-recorded.v1",
        [typeof(DependencyFailed)] = "dependency-failed.v1",
        [typeof(RunRetryRequested)] = "run-retry-requested.v1",
        [typeof(SweepCompleted)] = "sweep-completed.v1",
        // The supervisor's snapshot goes here when the engine adds one, e.g.
        // [typeof(SweepSnapshot)] = "sweep-snapshot.v1", plus a serialization-binding for it in journal-serialization.conf.
    };

    private static readonly Dictionary<string, Type> ByManifest = ByType.ToDictionary(pair => pair.Value, pair => pair.Key);

    public static IReadOnlyDictionary<Type, string> All => ByType;

    public static string Of(Type type) =>
        ByType.TryGetValue(type, out var manifest)
            ? manifest
            : throw new ArgumentException($"{type.FullName} has no journal manifest; add it to {nameof(EventManifests)}");

    public static bool TryGetType(string manifest, out Type type) => ByManifest.TryGetValue(manifest, out type!);
}

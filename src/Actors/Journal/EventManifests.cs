using GitActors.Actors.Journal.Schema;

namespace GitActors.Actors.Journal;

/// <summary>
/// The one table of journal manifests: for each, the domain event and the persisted record (Schema) the journal stores
/// for it. A changed persisted shape gets a new manifest (".v2") with its own record and an upcaster; existing manifests
/// and their records are never changed, so a change to a domain or Models record cannot change what is stored.
/// </summary>
public static class EventManifests
{
    private static readonly PersistedForm[] Table =
    [
        PersistedForm.Of<SweepStarted, SweepStartedV1>("sweep-started.v1", SweepEventMapping.ToPersisted, SweepEventMapping.ToDomain),
        PersistedForm.Of<RunQueued, RunQueuedV1>("run-queued.v1", RunEventMapping.ToPersisted, RunEventMapping.ToDomain),
        PersistedForm.Of<RunStarted, RunStartedV1>("run-started.v1", RunEventMapping.ToPersisted, RunEventMapping.ToDomain),
        PersistedForm.Of<EpochCompleted, EpochCompletedV1>("epoch-completed.v1", RunEventMapping.ToPersisted, RunEventMapping.ToDomain),
        PersistedForm.Of<CheckpointRejected, CheckpointRejectedV1>("checkpoint-rejected.v1", RunEventMapping.ToPersisted, RunEventMapping.ToDomain),
        PersistedForm.Of<RunCompleted, RunCompletedV1>("run-completed.v1", RunEventMapping.ToPersisted, RunEventMapping.ToDomain),
        PersistedForm.Of<RunFailed, RunFailedV1>("run-failed.v1", RunEventMapping.ToPersisted, RunEventMapping.ToDomain),
        PersistedForm.Of<RunStalled, RunStalledV1>("run-stalled.v1", RunEventMapping.ToPersisted, RunEventMapping.ToDomain),
        PersistedForm.Of<RunFaulted, RunFaultedV1>("run-faulted.v1", RunEventMapping.ToPersisted, RunEventMapping.ToDomain),
        PersistedForm.Of<GeneratorRecorded, GeneratorRecordedV1>("generator-recorded.v1", ArtifactEventMapping.ToPersisted, ArtifactEventMapping.ToDomain),
        PersistedForm.Of<BankRecorded, BankRecordedV1>("bank-recorded.v1", ArtifactEventMapping.ToPersisted, ArtifactEventMapping.ToDomain),
        PersistedForm.Of<DependencyFailed, DependencyFailedV1>("dependency-failed.v1", RunEventMapping.ToPersisted, RunEventMapping.ToDomain),
        PersistedForm.Of<RunRetryRequested, RunRetryRequestedV1>("run-retry-requested.v1", RunEventMapping.ToPersisted, RunEventMapping.ToDomain),
        PersistedForm.Of<SweepCompleted, SweepCompletedV1>("sweep-completed.v1", SweepEventMapping.ToPersisted, SweepEventMapping.ToDomain),
        // The supervisor's snapshot goes here when the engine adds one ("sweep-snapshot.v1"), plus a
        // serialization-binding for it in journal-serialization.conf.
    ];

    private static readonly Dictionary<Type, PersistedForm> ByType = Table.ToDictionary(form => form.Domain);

    private static readonly Dictionary<string, PersistedForm> ByManifest = Table.ToDictionary(form => form.Manifest);

    /// <summary>Domain event type to manifest, in table order.</summary>
    public static IReadOnlyDictionary<Type, string> All { get; } = Table.ToDictionary(form => form.Domain, form => form.Manifest);

    public static IReadOnlyList<PersistedForm> Forms => Table;

    public static string Of(Type type) => FormOf(type).Manifest;

    public static PersistedForm FormOf(Type type) =>
        ByType.TryGetValue(type, out var form)
            ? form
            : throw new ArgumentException($"{type.FullName} has no journal manifest; add it to {nameof(EventManifests)}");

    public static bool TryGetForm(string manifest, out PersistedForm form) => ByManifest.TryGetValue(manifest, out form!);
}

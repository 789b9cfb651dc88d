namespace GitActors.Actors.Cluster;

/// <summary>
/// What arrives from another member is checked before any actor sees it (ClusterMessageSerializer refuses a message
/// that fails): ids in RunIdentity's format, paths inside their sweep's and run's folders, bounded text, and a
/// submitted plan whose run and sweep ids are the hashes of its own content, so nothing a peer invents can be
/// persisted and then stop the coordinator from recovering.
/// </summary>
public static class ClusterMessageValidator
{
    /// <summary>Why the message is refused, or null when it may be used.</summary>
    public static string? Problem(object message) => message switch
    {
        WorkAssigned work => Attempt(work) ?? Assignment(work),
        EpochReport epoch => Attempt(epoch)
            ?? PeerInput.NewCheckpointPath(epoch.CheckpointPath, epoch.SweepId, epoch.RunId, epoch.Summary.Epoch, epoch.FencingToken)
            ?? PeerInput.Sha256(epoch.CheckpointSha256, "checkpoint hash"),
        CheckpointRejectedReport rejected => Attempt(rejected)
            ?? PeerInput.CheckpointPath(rejected.CheckpointPath, rejected.SweepId, rejected.RunId) ?? PeerInput.Text(rejected.Reason, "reason"),
        RunSucceeded success => Attempt(success)
            ?? Artifact(success.Generator?.JobRunId, success.Generator?.Path, success.Generator?.Sha256, success.SweepId, "generator", success.RunId)
            ?? Artifact(success.Bank?.JobRunId, success.Bank?.Path, success.Bank?.Sha256, success.SweepId, "bank", success.RunId),
        RunErrored error => Attempt(error) ?? PeerInput.Text(error.Reason, "reason"),
        AttemptAbandoned abandoned => Attempt(abandoned) ?? PeerInput.Text(abandoned.Reason, "reason"),
        AttemptFaulted faulted => Attempt(faulted) ?? PeerInput.Text(faulted.Reason, "reason"),
        TrainerProgress progress => Attempt(progress) ?? Member(progress.Node, progress.Device) ?? PeerInput.Text(progress.Label, "label"),
        IAttemptReport report => Attempt(report),
        RegisterTrainer register => Member(register.Node, register.Device),
        RequestWork request => Member(request.Node, request.Device),
        SubmitSweep submit => Plan(submit.Plan) ?? PeerInput.Text(submit.SpecPath, "sweep file path"),
        FollowSweep follow => PeerInput.Id(follow.SweepId, "sweep id"),
        _ => null,
    };

    private static string? Attempt(IAttemptReport report) =>
        PeerInput.Id(report.SweepId, "sweep id") ?? PeerInput.Id(report.RunId, "run id")
        ?? PeerInput.Positive(report.Attempt, "attempt") ?? PeerInput.Positive(report.FencingToken, "fencing token");

    private static string? Assignment(WorkAssigned work) =>
        work.Checkpoints.Select(c => PeerInput.CheckpointPath(c.Path, work.SweepId, work.RunId) ?? PeerInput.Sha256(c.Sha256, "checkpoint hash")).FirstOrDefault(p => p is not null)
        ?? (work.Generator is { } g ? Artifact(g.JobRunId, g.Path, g.Sha256, work.SweepId, "generator", jobRunId: null) : null)
        ?? (work.Bank is { } b ? Artifact(b.JobRunId, b.Path, b.Sha256, work.SweepId, "bank", jobRunId: null) : null);

    /// <summary>A file a job made (absent: fine). jobRunId: the run that must have made it, when the reporter is that job.</summary>
    private static string? Artifact(string? madeBy, string? path, string? sha256, string sweepId, string what, string? jobRunId)
    {
        if (madeBy is null && path is null && sha256 is null) return null;
        return PeerInput.Id(madeBy, $"{what} job id")
               ?? (jobRunId is not null && madeBy != jobRunId ? $"{what} of job {madeBy} reported by run {jobRunId}" : null)
               ?? PeerInput.ArtifactPath(path, sweepId, madeBy!) ?? PeerInput.Sha256(sha256, $"{what} hash");
    }

    private static string? Member(string node, string device) => PeerInput.Text(node, "node") ?? PeerInput.Text(device, "device");

    /// <summary>A plan is only what its sweep file expands to: every id is the hash of the content it names.</summary>
    private static string? Plan(SweepPlan plan)
    {
        if (PeerInput.Id(plan.SweepId, "sweep id") is { } id) return id;
        if (plan.Runs.Count == 0) return $"sweep {plan.SweepId} has no runs";
        foreach (var run in plan.Runs)
        {
            if (PeerInput.Text(run.Label, "run label") is { } label) return label;
            if (RunIdentity.RunId(run.Config) != run.RunId) return $"run id {run.RunId} is not the hash of its configuration";
            if (run.MunitJob is { } munit && plan.Runs.All(r => r.RunId != munit)) return $"run {run.RunId} names MUNIT job {munit}, which the plan lacks";
            if (run.BankJob is { } bank && plan.Runs.All(r => r.RunId != bank)) return $"run {run.RunId} names bank job {bank}, which the plan lacks";
        }
        return RunIdentity.SweepId(plan.Name, plan.Runs.Select(r => r.RunId)) == plan.SweepId ? null
            : $"sweep id {plan.SweepId} is not the hash of its name and runs";
    }
}

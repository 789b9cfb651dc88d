namespace GitActors.Models.Experiments.Events;

/// <summary>What a run of a sweep trains: a classifier (the rows of every results table) or one of GIT's jobs.</summary>
public enum RunKind { Classifier, MunitJob, BankJob }

public static class RunKinds
{
    /// <summary>Unknown configs (a run the plan no longer names) count as classifiers, as the journal recorded them.</summary>
    public static RunKind Of(RunConfig? config) => config switch
    {
        { Munit: not null } => RunKind.MunitJob,
        { Bank: not null } => RunKind.BankJob,
        _ => RunKind.Classifier,
    };

    public static string Name(RunKind kind) => kind switch
    {
        RunKind.MunitJob => "munit job",
        RunKind.BankJob => "bank job",
        _ => "classifier",
    };
}

using GitActors.Models.Experiments.Faults;

namespace GitActors.Actors.Training;

/// <summary>
/// How a trainer works: where checkpoints go, how many steps it takes per message (smaller answers status, pause and
/// stop sooner; larger wastes less on messaging) and how many batches its loader may make ahead.
/// LoaderDispatcher null runs loaders on the default dispatcher.
/// </summary>
public sealed record TrainerSettings(string OutputRoot, string Node, int ChunkSteps = 8, int Prefetch = 4, string? LoaderDispatcher = null)
{
    public const string TrainerDispatcher = "gitactors.trainer-dispatcher";

    /// <summary>The test seam the trainer announces its fault points to (steps, checkpoints, generator); none by default.</summary>
    public IFaultPoints Faults { get; init; } = NoFaultPoints.Instance;

    /// <summary>How often an idle trainer repeats its request for work (a lost WorkAssigned is noticed this late).</summary>
    public TimeSpan IdleRecheck { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reads gitactors.node and gitactors.engine.{chunk-steps, prefetch, loader-dispatcher, idle-recheck}.</summary>
    public static TrainerSettings FromConfig(Config config, string outputRoot)
    {
        var node = config.GetString("gitactors.node", "");
        var idleRecheck = config.GetTimeSpan("gitactors.engine.idle-recheck", TimeSpan.FromSeconds(30), allowInfinite: false);
        if (idleRecheck <= TimeSpan.Zero) throw new ArgumentException("gitactors.engine.idle-recheck must be positive");
        return new TrainerSettings(
            outputRoot,
            string.IsNullOrWhiteSpace(node) ? Environment.MachineName : node,
            config.GetInt("gitactors.engine.chunk-steps", 8),
            config.GetInt("gitactors.engine.prefetch", 4),
            config.GetString("gitactors.engine.loader-dispatcher", null))
        {
            IdleRecheck = idleRecheck,
        };
    }
}

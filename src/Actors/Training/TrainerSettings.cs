using Akka.Configuration;
using GitActors.Actors.Hosting;

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

    /// <summary>Reads gitactors.node and gitactors.engine.{chunk-steps, prefetch, loader-dispatcher}.</summary>
    public static TrainerSettings FromConfig(Config config, string outputRoot)
    {
        var node = config.GetString("gitactors.node", "");
        return new TrainerSettings(
            outputRoot,
            string.IsNullOrWhiteSpace(node) ? Environment.MachineName : node,
            config.GetInt("gitactors.engine.chunk-steps", 8),
            config.GetInt("gitactors.engine.prefetch", 4),
            config.GetString("gitactors.engine.loader-dispatcher", null));
    }
}

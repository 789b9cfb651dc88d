using Akka.Actor;
using Akka.Configuration;
using GitActors.Actors.Hosting;
using GitActors.Actors.Training;
using GitActors.Models.Training;

namespace GitActors.Host.Bench;

/// <summary>
/// Loader headroom: batches/s the data-loader actor delivers (ClassifierBatchSource on the loader dispatcher, one batch
/// per message, pull-based credit, to a consumer that only counts) vs batches/s the trainer consumes
/// (ClassifierSession.TrainStep on ready batches). Headroom = produced / consumed; the engine needs it well above 1.
/// </summary>
internal static class LoaderBench
{
    public static RunConfig Config(ModelKind model) => EngineBench.Config(epochs: 50, trainLimit: null) with { Model = model };

    public static async Task<double> ProducedPerSecond(RunConfig config, DatasetBundle data, int batches, int prefetch)
    {
        var system = EngineSystem.Create("gitactors-bench", EngineSystem.InMemoryPersistence, ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
        try
        {
            var source = new ClassifierBatchSource(config, data);
            var loader = system.ActorOf(DataLoader.Props(source, 1, config.Schedule.Epochs, prefetch)
                .WithDispatcher(TrainerSettings.FromConfig(system.Settings.Config, "").LoaderDispatcher ?? "akka.actor.default-dispatcher"));
            var done = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            system.ActorOf(Props.Create(() => new CountingConsumer(loader, batches, prefetch, done)));
            var elapsed = await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
            return batches / elapsed.TotalSeconds;
        }
        finally
        {
            await system.Terminate();
        }
    }

    public static double ConsumedPerSecond(RunConfig config, DatasetBundle data, int warmup, int steps)
    {
        var source = new ClassifierBatchSource(config, data);
        var ready = Enumerable.Range(0, Math.Min(8, source.StepsPerEpoch)).Select(s => source.Build(1, s)).ToArray();
        using var session = new ClassifierSession(config, data, torch.CPU);
        session.BeginEpoch(1);
        var clock = new Stopwatch();
        for (var i = 0; i < warmup + steps; i++)
        {
            if (i == warmup) clock.Start();
            session.TrainStep(ready[i % ready.Length]);
        }
        return steps / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Takes batches as fast as the loader gives them, granting one credit per batch received.</summary>
    private sealed class CountingConsumer : ReceiveActor
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _received;

        public CountingConsumer(IActorRef loader, int target, int prefetch, TaskCompletionSource<TimeSpan> done)
        {
            Receive<Batch>(_ =>
            {
                if (++_received == target)
                {
                    done.TrySetResult(_clock.Elapsed);
                    Context.Stop(Self);
                    return;
                }
                Sender.Tell(new RequestBatches(1));
            });
            Receive<BatchFailed>(f => done.TrySetException(new InvalidOperationException(f.Reason)));
            loader.Tell(new RequestBatches(prefetch), Self);
        }
    }
}

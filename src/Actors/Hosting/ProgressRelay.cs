using Akka.Actor;
using GitActors.Actors.Sweeps;
using GitActors.Models.Experiments.Events;
using GitActors.Models.Experiments.Faults;
using GitActors.Models.Experiments.Protocol;
using GitActors.Models.Experiments.Sweeps;

namespace GitActors.Actors.Hosting;

/// <summary>Bridges the supervisor's progress stream to a caller outside the actor system: reports go to IProgress,
/// the end completes the task (or faults it if the supervisor dies without finishing).</summary>
internal sealed class ProgressRelay : ReceiveActor
{
    public ProgressRelay(IActorRef supervisor, IProgress<SweepProgress>? progress, TaskCompletionSource<SweepStatus> finished)
    {
        Receive<SweepProgress>(p => progress?.Report(p));
        Receive<SweepFinished>(f =>
        {
            finished.TrySetResult(f.Status);
            Context.Stop(Self);
        });
        Receive<Terminated>(t => t.ActorRef.Equals(supervisor), _ =>
        {
            finished.TrySetException(new InvalidOperationException("the sweep supervisor stopped before the sweep finished"));
            Context.Stop(Self);
        });
        Context.Watch(supervisor);
        supervisor.Tell(new SubscribeProgress(Self));
    }

    public static Props Props(IActorRef supervisor, IProgress<SweepProgress>? progress, TaskCompletionSource<SweepStatus> finished) =>
        Akka.Actor.Props.Create(() => new ProgressRelay(supervisor, progress, finished));
}

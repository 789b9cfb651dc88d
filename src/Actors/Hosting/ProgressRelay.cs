using GitActors.Actors.Journal;
using GitActors.Models.Experiments.Faults;

namespace GitActors.Actors.Hosting;

/// <summary>Bridges the supervisor's progress stream to a caller outside the actor system: reports go to IProgress,
/// the first one (the answer to the subscription) completes <c>subscribed</c>, the end completes <c>finished</c>, or
/// faults it if the supervisor dies without finishing: with JournalUnavailableException when the journal failed under it.</summary>
internal sealed class ProgressRelay : ReceiveActor
{
    private string? _journalFailure;

    public ProgressRelay(string sweepId, IActorRef supervisor, IProgress<SweepProgress>? progress, TaskCompletionSource subscribed,
        TaskCompletionSource<SweepStatus> finished)
    {
        Receive<SweepProgress>(p =>
        {
            subscribed.TrySetResult();
            progress?.Report(p);
        });
        Receive<SweepJournalFailed>(f => f.SweepId == sweepId, f => _journalFailure = f.Reason);
        Receive<SweepFinished>(f =>
        {
            finished.TrySetResult(f.Status);
            Context.Stop(Self);
        });
        Receive<Terminated>(t => t.ActorRef.Equals(supervisor), _ =>
        {
            finished.TrySetException(_journalFailure is { } reason
                ? new JournalUnavailableException(sweepId, reason)
                : new InvalidOperationException("the sweep supervisor stopped before the sweep finished"));
            Context.Stop(Self);
        });
        // Published by the supervisor just before it stops, so it is queued here ahead of the Terminated.
        Context.System.EventStream.Subscribe(Self, typeof(SweepJournalFailed));
        Context.Watch(supervisor);
        supervisor.Tell(new SubscribeProgress(Self));
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    public static Props Props(string sweepId, IActorRef supervisor, IProgress<SweepProgress>? progress, TaskCompletionSource subscribed,
        TaskCompletionSource<SweepStatus> finished) =>
        Akka.Actor.Props.Create(() => new ProgressRelay(sweepId, supervisor, progress, subscribed, finished));
}

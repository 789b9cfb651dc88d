using Akka.Actor;
using GitActors.Models.Training;

namespace GitActors.Actors.Training;

/// <summary>
/// Makes one run's batches ahead of its trainer, in (epoch, step) order from the start epoch to the last one,
/// off the trainer's thread. Pull-based: it only builds what the consumer asked for, and outstanding demand is capped
/// at the prefetch depth, so memory stays bounded however slow the trainer is. One batch per message, so a Stop is
/// never stuck behind a long burst of work.
/// </summary>
public sealed class DataLoader : ReceiveActor
{
    private sealed record ProduceNext
    {
        public static ProduceNext Instance { get; } = new();
    }

    private readonly IBatchSource _source;
    private readonly int _totalEpochs;
    private readonly int _prefetch;
    private IActorRef _consumer = ActorRefs.Nobody;
    private int _demand;
    private int _epoch;
    private int _step;
    private bool _producing;
    private bool _failed;

    public DataLoader(IBatchSource source, int startEpoch, int totalEpochs, int prefetch)
    {
        if (prefetch < 1) throw new ArgumentOutOfRangeException(nameof(prefetch), prefetch, "prefetch must be at least 1");
        if (source.StepsPerEpoch < 1) throw new ArgumentException($"batch source has {source.StepsPerEpoch} steps per epoch", nameof(source));
        _source = source;
        _totalEpochs = totalEpochs;
        _prefetch = prefetch;
        _epoch = startEpoch;

        Receive<RequestBatches>(m =>
        {
            _consumer = Sender;
            _demand = Math.Min(_demand + Math.Max(0, m.Count), _prefetch);
            Kick();
        });
        Receive<ProduceNext>(_ => Produce());
    }

    public static Props Props(IBatchSource source, int startEpoch, int totalEpochs, int prefetch) =>
        Akka.Actor.Props.Create(() => new DataLoader(source, startEpoch, totalEpochs, prefetch));

    private bool Exhausted => _failed || _epoch > _totalEpochs;

    private void Kick()
    {
        if (_producing || _demand == 0 || Exhausted) return;
        _producing = true;
        Self.Tell(ProduceNext.Instance);
    }

    private void Produce()
    {
        _producing = false;
        if (_demand == 0 || Exhausted) return;
        Batch batch;
        try
        {
            batch = _source.Build(_epoch, _step);
        }
        catch (Exception e)
        {
            _failed = true;
            _consumer.Tell(new BatchFailed(_epoch, _step, $"building batch {_step} of epoch {_epoch} failed: {e.Message}"));
            return;
        }
        _consumer.Tell(batch);
        _demand--;
        if (++_step == _source.StepsPerEpoch)
        {
            _step = 0;
            _epoch++;
        }
        Kick();
    }
}

using Akka.Actor;
using GitActors.Models.Training;
using GitActors.Models.Experiments.Protocol;
using GitActors.Models.Experiments.Sweeps;

namespace GitActors.Actors.Training;

/// <summary>
/// Makes one run's batches ahead of its trainer, in (epoch, step) order from the start epoch to the last one,
/// off the trainer's thread. Pull-based: it only builds what the consumer asked for, and outstanding demand is capped
/// at the prefetch depth, so memory stays bounded however slow the trainer is. One batch per message, so a Stop is
/// never stuck behind a long burst of work. For a GIT run it sends each batch's AugmentRows to the augmenter pool as
/// soon as the batch is built and hands batches on in order once their rows are transformed, so the trainer
/// receives ordinary batches and the generator works while the trainer trains.
/// </summary>
public sealed class DataLoader : ReceiveActor
{
    private sealed record ProduceNext
    {
        public static ProduceNext Instance { get; } = new();
    }

    /// <summary>A built batch on its way to the consumer; Request is the pool request it still waits for (0: none).</summary>
    private sealed class Outgoing(Batch batch, long request)
    {
        public Batch Batch { get; set; } = batch;
        public long Request { get; set; } = request;
    }

    private readonly IBatchSource _source;
    private readonly int _totalEpochs;
    private readonly int _prefetch;
    private readonly LoaderAugmentation? _augmentation;
    private readonly Queue<Outgoing> _outgoing = new();
    private long _nextRequest;
    private IActorRef _consumer = ActorRefs.Nobody;
    private int _demand;
    private int _epoch;
    private int _step;
    private bool _producing;
    private bool _failed;

    public DataLoader(IBatchSource source, int startEpoch, int totalEpochs, int prefetch, LoaderAugmentation? augmentation = null)
    {
        if (prefetch < 1) throw new ArgumentOutOfRangeException(nameof(prefetch), prefetch, "prefetch must be at least 1");
        if (source.StepsPerEpoch < 1) throw new ArgumentException($"batch source has {source.StepsPerEpoch} steps per epoch", nameof(source));
        _source = source;
        _totalEpochs = totalEpochs;
        _prefetch = prefetch;
        _epoch = startEpoch;
        _augmentation = augmentation;

        Receive<RequestBatches>(m =>
        {
            _consumer = Sender;
            _demand = Math.Min(_demand + Math.Max(0, m.Count), _prefetch);
            Kick();
        });
        Receive<ProduceNext>(_ => Produce());
        Receive<AugmentResponse>(OnAugmented);
        Receive<AugmentFailed>(m =>
        {
            if (_failed || !_outgoing.Any(o => o.Request == m.RequestId)) return;
            _failed = true;
            var batch = _outgoing.First(o => o.Request == m.RequestId).Batch;
            _consumer.Tell(new BatchFailed(batch.Epoch, batch.Step, $"GIT augmentation of batch {batch.Step} of epoch {batch.Epoch} failed: {m.Reason}"));
        });
    }

    public static Props Props(IBatchSource source, int startEpoch, int totalEpochs, int prefetch, LoaderAugmentation? augmentation = null) =>
        Akka.Actor.Props.Create(() => new DataLoader(source, startEpoch, totalEpochs, prefetch, augmentation));

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
        if (_augmentation is { } augmentation && batch.AugmentRows.Length > 0)
        {
            var request = augmentation.Request(++_nextRequest, batch);
            _outgoing.Enqueue(new Outgoing(batch, request.RequestId));
            augmentation.Pool.Tell(request);
        }
        else
            _outgoing.Enqueue(new Outgoing(batch, 0));
        Deliver();
        _demand--;
        if (++_step == _source.StepsPerEpoch)
        {
            _step = 0;
            _epoch++;
        }
        Kick();
    }

    private void OnAugmented(AugmentResponse response)
    {
        var waiting = _outgoing.FirstOrDefault(o => o.Request == response.RequestId);
        if (waiting is null || _failed) return;
        waiting.Batch = _augmentation!.Apply(waiting.Batch, response);
        waiting.Request = 0;
        Deliver();
    }

    /// <summary>Batches leave in (epoch, step) order: a transformed batch waits for any earlier one still at the pool.</summary>
    private void Deliver()
    {
        while (_outgoing.TryPeek(out var head) && head.Request == 0) _consumer.Tell(_outgoing.Dequeue().Batch);
    }
}
